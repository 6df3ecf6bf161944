"""Celery tasks of the workshops app: thin wrappers around the services."""

from celery import shared_task

from workshops import services


@shared_task
def send_reminders() -> int:
    """E-mail the day-before reminders (run by Celery beat; safe to run more than once)."""
    return services.registration_send_reminders()


@shared_task
def expire_holds() -> int:
    """Give the seats of unconfirmed registrations back (run every few minutes by Celery beat)."""
    return services.registration_holds_expire()
