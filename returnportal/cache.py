"""A Redis cache that degrades to "no cache" while Redis is away, instead of failing requests.

The cache only holds things the portal can rebuild or do without (rendered fragments, their
version numbers, rate-limit counters), so a Redis outage must not turn a registration or a
question into a server error. Reads miss, writes are dropped, `incr` reports a missing key.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


def _unavailable(operation: str, exc: Exception) -> None:
    logger.warning("cache_unavailable operation=%s error=%s", operation, type(exc).__name__)


class ResilientRedisCache(RedisCache):
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNAVAILABLE as exc:
            _unavailable("add", exc)
            return False

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNAVAILABLE as exc:
            _unavailable("get", exc)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNAVAILABLE as exc:
            _unavailable("set", exc)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNAVAILABLE as exc:
            _unavailable("touch", exc)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNAVAILABLE as exc:
            _unavailable("delete", exc)
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNAVAILABLE as exc:
            _unavailable("get_many", exc)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNAVAILABLE as exc:
            _unavailable("has_key", exc)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNAVAILABLE as exc:
            _unavailable("incr", exc)
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)") from exc

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNAVAILABLE as exc:
            _unavailable("set_many", exc)
            return list(data)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except UNAVAILABLE as exc:
            _unavailable("delete_many", exc)
            return False

    def clear(self):
        try:
            return super().clear()
        except UNAVAILABLE as exc:
            _unavailable("clear", exc)
            return False
