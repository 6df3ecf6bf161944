"""The client's address: REMOTE_ADDR, or the entry our own proxies wrote into X-Forwarded-For.

Every rate limit, lockout and security-log line uses `client_ip`, so that behind the reverse
proxy each client is counted on its own, and a direct client cannot choose its address.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The address the nearest untrusted hop connected from.

    With TRUSTED_PROXY_COUNT = N (> 0) the request came through N proxies of ours, each of
    which appended the address it saw, so the client is the Nth entry from the right;
    anything left of it was written by the client and is ignored. With 0 (the default,
    gunicorn facing clients) the header is ignored entirely: anyone can forge it.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        # Fewer entries than proxies: the request did not pass through all of them.
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
