"""Rate limits for public forms: a clear 429 page past the rate, counted per client address."""

import logging

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

logger = logging.getLogger("returnportal.security")


class PostRateLimitMixin:
    """Limit POSTs to a view per client IP (REMOTE_ADDR: a forged X-Forwarded-For is ignored).

    Behind a reverse proxy set RATELIMIT_IP_META_KEY to the header the proxy itself writes.
    """

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
            logger.warning("rate_limited path=%s", request.path)
            return render(request, "429.html", status=429)
        return super().post(request, *args, **kwargs)
