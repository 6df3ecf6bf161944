"""Background work of the accounts app."""

from celery import shared_task
from django.conf import settings
from django.utils import translation

from returnportal.accounts.forms import OutboxPasswordResetForm


@shared_task
def password_reset_send(email: str, language: str) -> int:
    """Queue a reset e-mail in the outbox for each active account of `email`; how many.

    Run in the background so that known and unknown addresses cost the request the same
    (see views/password_reset.py).
    """
    form = OutboxPasswordResetForm(data={"email": email})
    if not form.is_valid():
        return 0
    users = list(form.get_users(form.cleaned_data["email"]))
    with translation.override(language):
        # domain_override: the e-mail links use SITE_URL; there is no request in a task.
        form.save(domain_override=settings.SITE_URL, use_https=True)
    return len(users)
