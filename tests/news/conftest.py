import secrets

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from returnportal.accounts.roles import CONTENT_EDITORS
from returnportal.news.services import NEWS_VERSION_KEY
from tests.news.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_news_version():
    """Each test starts from a news version no earlier test or run has cached fragments for.

    A random version instead of cache.clear(): with Redis the cache may share its database
    with the Celery broker, which a flush would empty.
    """
    cache.set(NEWS_VERSION_KEY, secrets.randbelow(2**62), timeout=None)
    yield
    cache.delete(NEWS_VERSION_KEY)


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    return user
