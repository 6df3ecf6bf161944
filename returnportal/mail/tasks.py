"""Celery tasks of the outbox: thin wrappers around the services."""

from celery import shared_task

from returnportal.mail import services


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_outgoing_email(self, email_id: int) -> bool:
    """Deliver one outbox row, retrying SMTP failures with exponential backoff."""
    try:
        return services.email_deliver(email_id=email_id)
    except services.OutboxDeliveryError as exc:
        if self.request.is_eager:
            return False  # no broker to schedule a retry on; the row stays pending
        from returnportal.mail.models import OutgoingEmail

        if OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.PENDING).exists():
            raise self.retry(exc=exc, countdown=min(2 ** (self.request.retries + 1), 600)) from exc
        return False


@shared_task
def outbox_sweep() -> int:
    """Re-enqueue pending e-mails that no task is looking after (run by Celery beat)."""
    return services.outbox_sweep()
