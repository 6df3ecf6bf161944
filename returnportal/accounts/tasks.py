"""Background work of the accounts app."""

from celery import shared_task

from returnportal.accounts import password_reset


@shared_task
def password_reset_send(email: str, language: str) -> int:
    """Look the address up and queue its reset e-mail (see password_reset.py for why here)."""
    return password_reset.password_reset_send(email=email, language=language)
