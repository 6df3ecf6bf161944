"""Site-wide periodic tasks."""

from celery import shared_task

from returnportal.retention import retention_apply


@shared_task
def retention_apply_task() -> dict[str, int]:
    """Apply the retention policy (run daily by Celery beat)."""
    return retention_apply()
