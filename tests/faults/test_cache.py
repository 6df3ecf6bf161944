"""The cache backend that keeps requests working while Redis is away."""

import pytest

from returnportal.cache import ResilientRedisCache
from tests.conftest import free_port


@pytest.fixture
def cache_without_redis():
    """The resilient backend pointed at a closed port: Redis is down."""
    return ResilientRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})


def test_reads_miss_and_writes_are_dropped_while_redis_is_down(cache_without_redis):
    """Every operation answers as if the cache were empty; none raises a connection error."""
    cache = cache_without_redis
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("k", 1) is False
    cache.set("k", 1)
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.get_or_set("k", 5) == 5
    assert cache.touch("k") is False
    assert cache.has_key("k") is False
    assert cache.delete("k") is False
    cache.delete_many(["a", "b"])
    cache.clear()


def test_incr_reports_a_missing_key_while_redis_is_down(cache_without_redis):
    """`incr` raises ValueError, which callers already treat as a missing counter."""
    with pytest.raises(ValueError):
        cache_without_redis.incr("counter")
    with pytest.raises(ValueError):
        cache_without_redis.decr("counter")
