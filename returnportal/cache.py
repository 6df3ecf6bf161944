"""A Redis cache that degrades to "no cache" while Redis is away, instead of failing requests.

The cache only holds things the portal can rebuild or do without (rendered fragments, their
version numbers, rate-limit counters), so a Redis outage must not turn a registration or a
question into a server error. Reads miss, writes are dropped, `incr` reports a missing key.
A Redis that hangs rather than refuses costs one socket timeout (settings: under a second),
then the server's circuit breaker (returnportal.breaker) skips it for a few seconds.
"""

import logging
import time

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from returnportal.breaker import breaker_for

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self.breaker = breaker_for(self._servers[0])

    def _guarded(self, operation: str, call, fallback):
        if not self.breaker.allows():
            return fallback
        try:
            return call()
        except UNAVAILABLE as exc:
            self.breaker.trip()
            logger.warning("cache_unavailable operation=%s error=%s", operation, type(exc).__name__)
            return fallback

    def ping(self) -> bool:
        """Ask Redis itself (for /healthz): raises when it does not answer in time."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except UNAVAILABLE:
            self.breaker.trip()
            raise

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            "add", lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), False
        )

    def get(self, key, default=None, version=None):
        return self._guarded(
            "get", lambda: super(ResilientRedisCache, self).get(key, default, version), default
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded(
            "set", lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            "touch", lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key, version=None):
        return self._guarded(
            "delete", lambda: super(ResilientRedisCache, self).delete(key, version), False
        )

    def get_many(self, keys, version=None):
        return self._guarded(
            "get_many", lambda: super(ResilientRedisCache, self).get_many(keys, version), {}
        )

    def has_key(self, key, version=None):
        return self._guarded(
            "has_key", lambda: super(ResilientRedisCache, self).has_key(key, version), False
        )

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._guarded(
            "incr", lambda: super(ResilientRedisCache, self).incr(key, delta, version), missing
        )
        if value is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            "set_many",
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
            list(data),
        )

    def delete_many(self, keys, version=None):
        return self._guarded(
            "delete_many",
            lambda: super(ResilientRedisCache, self).delete_many(keys, version),
            False,
        )

    def clear(self):
        return self._guarded("clear", lambda: super(ResilientRedisCache, self).clear(), False)


# Versions of cached fragments ------------------------------------------------------------------
# A family of fragments (the news list, the workshop pages and home block) puts a version
# number in its keys; bumping the number makes them all stale at once, without finding them.


def version(key: str) -> int:
    """The version number that fragments keyed on `key` use now.

    A version that is missing (a fresh or flushed cache) starts from the clock, so that it can
    never come back to a number whose old fragments are still cached.
    """
    return int(cache.get_or_set(key, lambda: time.time_ns(), timeout=None))


def versions(keys: list[str]) -> list[int]:
    """The versions of several families at once (one round trip when all are known)."""
    found = cache.get_many(keys)
    return [int(found[key]) if key in found else version(key) for key in keys]


def bump(key: str) -> None:
    """Once the transaction commits, make every fragment keyed on `key` stale.

    After the commit, not before: a request between the two would cache the old rows under
    the new number.
    """

    def increment() -> None:
        try:
            cache.incr(key)
        except ValueError:  # not in the cache (or evicted): a new number, never an old one
            cache.set(key, time.time_ns(), timeout=None)

    transaction.on_commit(increment)
