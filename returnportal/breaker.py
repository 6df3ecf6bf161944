"""A circuit breaker per Redis server: after one timeout, skip that server for a few seconds.

A Redis that hangs (a partition, a frozen process) costs every call its full socket timeout.
Once a call to a server has failed, the cache and the outbox's publishing skip that server
for `COOLDOWN_SECONDS` and take their fallback at once (cache miss, e-mail left pending for
the sweep); the first call after the cooldown tries again. One breaker per host and port, so
the cache and the broker on the same Redis share what they learn.
"""

import threading
import time
from urllib.parse import urlsplit

COOLDOWN_SECONDS = 5.0


class CircuitBreaker:
    def __init__(self, cooldown: float = COOLDOWN_SECONDS) -> None:
        self.cooldown = cooldown
        self.open_until = 0.0

    def allows(self) -> bool:
        """Whether a call may go to the server now (closed, or the cooldown is over)."""
        return time.monotonic() >= self.open_until

    def trip(self) -> None:
        """A call failed: skip the server for the cooldown."""
        self.open_until = time.monotonic() + self.cooldown

    def reset(self) -> None:
        self.open_until = 0.0


_breakers: dict[tuple[str, int], CircuitBreaker] = {}
_lock = threading.Lock()


def breaker_for(url: str) -> CircuitBreaker:
    """The breaker of the Redis server `url` points at (shared by all threads of a process)."""
    parts = urlsplit(url)
    default_port = 6379 if parts.scheme.startswith("redis") else 0
    server = (parts.hostname or "", parts.port or default_port)
    with _lock:
        return _breakers.setdefault(server, CircuitBreaker())
