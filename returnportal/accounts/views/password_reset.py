"""Password reset that tells nobody which addresses are staff accounts, and floods no inbox.

The request does the same work whatever the address: count it, hand one task to Celery,
redirect to "sent". Only the task (`password_reset_send`, in the background) looks the address
up and writes the e-mail into the outbox, so neither the answer nor its timing differ between
known and unknown addresses. Limits: PASSWORD_RESET_ADDRESS_RATE requests per client address
(a 429 page), PASSWORD_RESET_TARGET_RATE per e-mail address asked for (past it the request is
answered "sent" as always but nothing is sent: the count does not depend on the address
existing, so it reveals nothing either).
"""

import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils import translation

from returnportal.accounts.tasks import password_reset_send
from returnportal.email_address import normalise_email
from returnportal.ratelimits import digest_key, limit_hit, log_limited, rate_limited

logger = logging.getLogger(__name__)


def _address_rate(group, request) -> str:
    return settings.PASSWORD_RESET_ADDRESS_RATE


def _target_rate(group, request) -> str:
    return settings.PASSWORD_RESET_TARGET_RATE


def _target_key(group, request) -> str:
    return digest_key(normalise_email(request.POST.get("email", "")))


def password_reset_request(*, email: str, language: str) -> None:
    """Send the reset e-mail in the background, after commit, for any address alike."""

    def publish() -> None:
        try:
            password_reset_send.apply_async((email, language), retry=False)
        except Exception:  # broker down: do it here rather than lose the request
            logger.warning("password reset: broker unavailable, sending inline", exc_info=True)
            password_reset_send(email, language)

    transaction.on_commit(publish)


class PortalPasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, limited, with the lookup and the e-mail moved to a task."""

    def post(self, request, *args, **kwargs):
        if limit_hit(request, group="password_reset.address", rate=_address_rate, key="ip"):
            return rate_limited(request, "password_reset_address")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if limit_hit(
            request := self.request,
            group="password_reset.target",
            rate=_target_rate,
            key=_target_key,
        ):
            log_limited(request, "password_reset_target")
        else:
            password_reset_request(
                email=form.cleaned_data["email"],
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
        return HttpResponseRedirect(self.get_success_url())
