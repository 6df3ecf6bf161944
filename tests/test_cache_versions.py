"""One home for versions of cached fragments: `version(key)` and `bump(key)` on commit."""

import pytest
from django.core.cache import cache

from returnportal.cache import bump, version
from returnportal.news.services import NEWS_VERSION_KEY, news_cache_version
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db

KEY = "tests:version"


def test_a_version_stays_the_same_until_bumped():
    assert version(KEY) == version(KEY)


def test_a_bump_takes_effect_only_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    before = version(KEY)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        bump(KEY)
    assert version(KEY) == before  # not yet: a request now would cache old rows as new
    for callback in pending:
        callback()
    assert version(KEY) == before + 1


def test_a_lost_version_never_comes_back_to_an_old_number(django_capture_on_commit_callbacks):
    """Evicted or flushed, the version restarts from the clock, above anything used before."""
    with django_capture_on_commit_callbacks(execute=True):
        bump(KEY)
    after_a_bump = version(KEY)
    cache.delete(KEY)
    assert version(KEY) > after_a_bump  # from the clock again, not 1


def test_any_saved_or_deleted_article_makes_the_news_stale(django_capture_on_commit_callbacks):
    """The ORM's save and delete, not only admin, bump the news version (one route)."""
    start = news_cache_version()
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory()
    saved = news_cache_version()
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert start < saved < news_cache_version()
    assert cache.get(NEWS_VERSION_KEY) == news_cache_version()
