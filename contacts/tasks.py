from celery import shared_task

from contacts import services


@shared_task
def contacts_retention() -> int:
    """Anonymise people inactive for longer than CONTACTS_RETENTION_DAYS (run daily by beat)."""
    return services.person_anonymise_inactive()
