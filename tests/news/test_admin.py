import pytest
from django.contrib.auth.models import Group

from returnportal.accounts.roles import CONTENT_EDITORS
from returnportal.news.models import Article
from returnportal.news.services import news_cache_version
from tests.news.factories import ArticleFactory, DraftArticleFactory

pytestmark = pytest.mark.django_db


def test_content_editors_hold_every_article_permission():
    """The data migration gives content editors view, add, change and delete on articles."""
    codenames = set(
        Group.objects.get(name=CONTENT_EDITORS).permissions.values_list("codename", flat=True)
    )
    assert {"view_article", "add_article", "change_article", "delete_article"} <= codenames


def test_editor_adds_an_article_in_admin_as_its_author(
    client, editor, django_capture_on_commit_callbacks
):
    """An article added in admin records who wrote it and bumps the news version."""
    client.force_login(editor)
    version = news_cache_version()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/news/article/add/",
            {
                "title": "New hotline hours",
                "slug": "new-hotline-hours",
                "language": "pl",
                "lead": "Longer hours on Tuesdays.",
                "body": "From next week.",
                "image_alt": "",
                "status": "published",
                "published_at_0": "",
                "published_at_1": "",
            },
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="new-hotline-hours")
    assert article.author == editor
    assert article.published_at is not None
    assert news_cache_version() > version


def test_article_added_in_admin_shows_on_the_cached_list(client, editor):
    """The news list is a cached fragment; an article added in admin shows on it at once."""
    ArticleFactory(title="Older news")
    assert "Older news" in client.get("/news/").text
    client.force_login(editor)
    client.post(
        "/admin/news/article/add/",
        {
            "title": "Fresh news",
            "slug": "fresh-news",
            "language": "pl",
            "lead": "Just in.",
            "body": "Text.",
            "image_alt": "",
            "status": "published",
            "published_at_0": "",
            "published_at_1": "",
        },
    )
    assert "Fresh news" in client.get("/news/").text


def test_admin_change_page_links_to_the_preview(client, editor):
    """A draft's admin page offers its preview link."""
    draft = DraftArticleFactory()
    client.force_login(editor)
    content = client.get(f"/admin/news/article/{draft.pk}/change/").content.decode()
    assert draft.get_preview_url() in content


def test_deleting_in_admin_bumps_the_news_version(
    client, editor, django_capture_on_commit_callbacks
):
    """Deleting an article makes cached news stale."""
    article = ArticleFactory()
    client.force_login(editor)
    version = news_cache_version()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/news/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.exists()
    assert news_cache_version() > version
