"""Security events in the log: sign-ins, failures and lockouts, without passwords or names.

Lockouts and refused tries carry the client address (returnportal.client_ip): the office needs
it to see and block an attacker. User names only appear as a short digest.
"""

import hashlib
import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from returnportal.client_ip import client_ip

logger = logging.getLogger("returnportal.security")


def _username_digest(username: str | None) -> str:
    """A short digest lets an auditor correlate attempts without the log holding the name."""
    return hashlib.sha256((username or "").encode()).hexdigest()[:12]


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs) -> None:
    logger.info("login user=%s", user.pk)


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs) -> None:
    logger.info("logout user=%s", getattr(user, "pk", "-"))


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs) -> None:
    logger.warning(
        "login_failed username_digest=%s ip=%s",
        _username_digest(credentials.get("username")),
        client_ip(request) if request is not None else "-",
    )


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs) -> None:
    logger.warning("lockout username_digest=%s ip=%s", _username_digest(username), ip_address)
