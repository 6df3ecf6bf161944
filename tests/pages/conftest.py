import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from returnportal.accounts.roles import CONTENT_EDITORS
from tests.news.factories import UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    """Cached fragments and the news version never leak from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    return user
