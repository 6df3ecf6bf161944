from datetime import timedelta

import pytest
from django.utils import timezone

from returnportal.news.models import Article
from returnportal.news.services import news_cache_bump
from returnportal.pages import hooks
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_home_has_a_click_to_call_hotline_and_calls_to_action(client, settings):
    """The hotline is a tel: link and the survey, workshops and ask-us links are there."""
    settings.HOTLINE_NUMBER = "800 123 456"
    content = client.get("/").content.decode()
    assert 'class="home-hotline-number" href="tel:+48800123456">800 123 456</a>' in content
    assert 'href="/survey/"' in content
    assert 'href="/workshops/"' in content
    assert 'href="/contact/"' in content


def test_english_home_links_stay_in_english(client):
    """On /en/ the calls to action point at the English pages."""
    content = client.get("/en/").content.decode()
    assert 'href="/en/survey/"' in content
    assert 'href="/en/contact/"' in content


def test_home_shows_the_three_latest_news_of_the_language(client):
    """The news block lists the three newest published articles in the visitor's language."""
    now = timezone.now()
    for number in range(4):
        ArticleFactory(title=f"Story {number}", published_at=now - timedelta(days=number + 1))
    ArticleFactory(title="English story", language="en")
    content = client.get("/").content.decode()
    assert "Story 0" in content and "Story 2" in content
    assert "Story 3" not in content
    assert "English story" not in content


def test_news_block_is_served_from_the_cache(client, django_assert_num_queries):
    """A second visit renders the news block without querying articles."""
    ArticleFactory(title="Cached story")
    client.get("/")
    with django_assert_num_queries(0):
        response = client.get("/")
    assert "Cached story" in response.content.decode()


def test_a_changed_article_appears_at_once(client, django_capture_on_commit_callbacks):
    """Saving an article through the service bumps the version, so the next page shows it."""
    article = ArticleFactory(title="Old title")
    assert "Old title" in client.get("/").content.decode()
    Article.objects.filter(pk=article.pk).update(title="New title")
    assert "Old title" in client.get("/").content.decode()  # still cached: nothing said it changed
    with django_capture_on_commit_callbacks(execute=True):
        news_cache_bump()
    content = client.get("/").content.decode()
    assert "New title" in content
    assert "Old title" not in content


def test_an_article_saved_in_admin_appears_at_once(
    client, editor, django_capture_on_commit_callbacks
):
    """An article published in admin shows on the home page on the very next request."""
    client.get("/")  # caches an empty news block
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/news/article/add/",
            {
                "title": "Fresh from admin",
                "slug": "fresh-from-admin",
                "language": "pl",
                "lead": "Lead.",
                "body": "Body.",
                "image_alt": "",
                "status": "published",
                "published_at_0": "",
                "published_at_1": "",
            },
        )
    assert response.status_code == 302
    client.logout()
    assert "Fresh from admin" in client.get("/").content.decode()


def test_home_shows_blocks_other_apps_provide(client, workshops_home_module):
    """A workshops.home.home_blocks() block replaces the generic workshops teaser."""
    content = client.get("/").content.decode()
    assert '<section id="upcoming-workshops"><h2>Next workshops</h2></section>' in content
    assert "home-workshops" not in content


def test_blocks_of_an_app_without_a_version_key_are_never_stale(client, workshops_home_module):
    """An app whose home module names no VERSION_KEY gets its blocks rendered on every visit."""
    assert hooks.home_version_keys() is None
    client.get("/")
    workshops_home_module.home_blocks = lambda request: ['<section id="changed"></section>']
    assert '<section id="changed"></section>' in client.get("/").text


def test_home_blocks_are_empty_when_no_app_provides_them(rf, monkeypatch):
    """Apps without a home module contribute nothing, and nothing fails."""
    monkeypatch.setattr(hooks, "find_spec", lambda name: None)
    hooks._home_modules.cache_clear()
    assert hooks.home_blocks(rf.get("/")) == {}
    assert hooks.kiosk_slides(rf.get("/")) == {}
    hooks._home_modules.cache_clear()
