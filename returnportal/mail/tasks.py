"""Celery tasks of the outbox, and the one place that hands a row to them.

The services write a row and call `email_enqueue` after commit; the task delivers it through
`delivery`. Publishing sits beside the task it publishes, so nothing imports back up.
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from returnportal.breaker import breaker_for
from returnportal.mail.delivery import OutboxDeliveryError, email_deliver
from returnportal.mail.models import OutgoingEmail

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_outgoing_email(self, email_id: int) -> bool:
    """Deliver one outbox row, retrying SMTP failures with exponential backoff."""
    try:
        return email_deliver(email_id=email_id)
    except OutboxDeliveryError as exc:
        if self.request.is_eager:
            return False  # no broker to schedule a retry on; the row stays pending
        if OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.PENDING).exists():
            raise self.retry(exc=exc, countdown=min(2 ** (self.request.retries + 1), 600)) from exc
        return False


def email_enqueue(*, email_id: int, wait_for_broker: bool = False) -> bool:
    """Hand the row to Celery; with the broker down, leave it pending for the sweep.

    A request skips a broker that has just timed out (its circuit breaker is open) rather than
    wait again; the sweep, which no one waits for, passes `wait_for_broker` and always tries.
    """
    eager = send_outgoing_email.app.conf.task_always_eager
    broker = breaker_for(send_outgoing_email.app.conf.broker_url)
    # The broker has just timed out: don't make this request wait on it again.
    if not eager and not wait_for_broker and not broker.allows():
        logger.warning("outbox: broker unavailable; e-mail %s left for the sweep", email_id)
        return False
    try:
        send_outgoing_email.apply_async((email_id,), retry=True)
    except Exception:  # a broker outage must never fail the user's request
        if not eager:
            broker.trip()
        logger.warning(
            "outbox: could not enqueue e-mail %s; the sweep will retry", email_id, exc_info=True
        )
        return False
    return True


@shared_task
def outbox_sweep(older_than: timedelta = timedelta(minutes=1)) -> int:
    """Re-enqueue pending rows left untried, e.g. because the broker was down (run by beat)."""
    before = timezone.now() - older_than
    ids = list(OutgoingEmail.objects.stalled(before=before).values_list("pk", flat=True)[:500])
    return sum(email_enqueue(email_id=pk, wait_for_broker=True) for pk in ids)
