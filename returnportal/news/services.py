"""Writes around news: the version number that keys cached news fragments."""

from returnportal.cache import bump, version

NEWS_VERSION_KEY = "news:version"


def news_cache_version() -> int:
    """The current version of the news; cached fragments put it in their key."""
    return version(NEWS_VERSION_KEY)


def news_cache_bump() -> None:
    """Make every cached news fragment stale once the change is committed."""
    bump(NEWS_VERSION_KEY)
