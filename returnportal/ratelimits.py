"""Rate limits: a clear 429 page past the rate, counted per client address (or another key).

One style for the whole portal: django-ratelimit's counters in the default cache, the
address from returnportal.client_ip (RATELIMIT_IP_META_KEY), a `rate_limited` line in the
security log and the one 429 page (`rate_limited`). `PostRateLimitMixin` guards a public form;
`limit_hit` / `limit_full` are the same counters for code that counts only some outcomes
(failed sign-ins, a submitted survey) or several keys.
"""

import hashlib
import logging

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

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


def rate_limited(request, what: str) -> HttpResponse:
    """The one answer past a rate: the 429 page, and a `rate_limited` line in the security log."""
    log_limited(request, what)
    return render(request, "429.html", status=429)


class PostRateLimitMixin:
    """Limit POSTs to a view per client address (returnportal.client_ip: behind our proxy the
    real client, otherwise REMOTE_ADDR, so a forged X-Forwarded-For is ignored).

    The rate is `ratelimit_rate`, or the setting named by `ratelimit_setting` (read at each
    request, so that a deployment or a test can change it).
    """

    ratelimit_rate = "30/h"
    ratelimit_setting = ""
    ratelimit_what = "form"

    def post(self, request, *args, **kwargs):
        rate = getattr(settings, self.ratelimit_setting) if self.ratelimit_setting else None
        group = f"{type(self).__module__}.{type(self).__name__}"
        if limit_hit(request, group=group, rate=rate or self.ratelimit_rate):
            return rate_limited(request, self.ratelimit_what)
        return super().post(request, *args, **kwargs)
