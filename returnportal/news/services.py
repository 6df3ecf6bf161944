"""Writes around news: the version number that keys cached news fragments."""

from django.core.cache import cache

NEWS_VERSION_KEY = "news:version"


def news_cache_version() -> int:
    """The current version of the news; cached fragments put it in their key."""
    version = cache.get(NEWS_VERSION_KEY)
    if version is None:
        cache.add(NEWS_VERSION_KEY, 1, timeout=None)
        version = cache.get(NEWS_VERSION_KEY, 1)
    return int(version)


def news_cache_bump() -> int:
    """Make every cached news fragment stale at once (after an article is saved or deleted)."""
    try:
        return cache.incr(NEWS_VERSION_KEY)
    except ValueError:  # no version yet (a fresh or flushed cache)
        cache.add(NEWS_VERSION_KEY, 2, timeout=None)
        return int(cache.get(NEWS_VERSION_KEY, 2))
