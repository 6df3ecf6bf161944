import secrets
import sys
import types

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from returnportal.accounts.roles import CONTENT_EDITORS
from returnportal.news.services import NEWS_VERSION_KEY
from returnportal.pages import hooks
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


@pytest.fixture
def workshops_home_module(monkeypatch):
    """A stand-in `workshops.home` module offering a home block and a kiosk slide."""
    module = types.ModuleType("workshops.home")
    module.home_blocks = lambda request: [
        '<section id="upcoming-workshops"><h2>Next workshops</h2></section>'
    ]
    module.kiosk_slides = lambda request: [
        {"title": "Starting a business", "text": "12 December, Kielce", "url": "/workshops/start/"}
    ]
    monkeypatch.setitem(sys.modules, "workshops.home", module)
    monkeypatch.setattr(
        hooks, "find_spec", lambda name: object() if name == "workshops.home" else None
    )
    hooks._home_modules.cache_clear()
    yield module
    hooks._home_modules.cache_clear()
