"""Rate limits: a clear 429 page past the rate, counted per client address (or another key).

One style for the whole portal: django-ratelimit's counters in the default cache, the
address from returnportal.client_ip (RATELIMIT_IP_META_KEY), a `rate_limited` line in the
security log. `PostRateLimitMixin` guards a public form; `limit_hit` / `limit_full` are the
same counters for code that counts only some outcomes (failed sign-ins) or several keys.
"""

import hashlib
import logging

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage, is_ratelimited

from returnportal.client_ip import client_ip

logger = logging.getLogger("returnportal.security")


def limit_hit(request, *, group: str, rate: str, key="ip") -> bool:
    """Count this request against `rate`; True once it goes past it."""
    usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    return bool(usage and usage["should_limit"])


def limit_count(request, *, group: str, rate, key="ip") -> tuple[int, int]:
    """Count this request against `rate`: (the count in this window, the limit)."""
    usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    return (usage["count"], usage["limit"]) if usage else (0, 0)


def limit_full(request, *, group: str, rate: str, key="ip") -> bool:
    """True when the next counted request would go past `rate` (counts nothing)."""
    usage = get_usage(request, group=group, key=key, rate=rate, increment=False)
    return bool(usage and usage["count"] >= usage["limit"])


def digest_key(value: str) -> str:
    """A counter key for a personal value (an e-mail, a user name) that does not spell it out."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


def log_limited(request, what: str) -> None:
    logger.warning("rate_limited path=%s what=%s ip=%s", request.path, what, client_ip(request))


class PostRateLimitMixin:
    """Limit POSTs to a view per client address (returnportal.client_ip: behind our proxy the
    real client, otherwise REMOTE_ADDR, so a forged X-Forwarded-For is ignored)."""

    ratelimit_rate = "30/h"

    def post(self, request, *args, **kwargs):
        if is_ratelimited(
            request,
            group=f"{type(self).__module__}.{type(self).__name__}",
            key="ip",
            rate=getattr(settings, "PUBLIC_FORM_RATE", None) or self.ratelimit_rate,
            method="POST",
            increment=True,
        ):
            log_limited(request, "form")
            return render(request, "429.html", status=429)
        return super().post(request, *args, **kwargs)
