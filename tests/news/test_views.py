from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.news.factories import ArticleFactory, DraftArticleFactory

pytestmark = pytest.mark.django_db


def test_list_shows_published_articles_of_the_language_newest_first(client):
    """/news/ lists Polish published articles, newest first, without drafts or English."""
    now = timezone.now()
    ArticleFactory(title="Older", published_at=now - timedelta(days=2))
    ArticleFactory(title="Newer", published_at=now - timedelta(days=1))
    DraftArticleFactory(title="Secret draft")
    ArticleFactory(title="In English", language="en")
    response = client.get("/news/")
    content = response.content.decode()
    assert response.status_code == 200
    assert content.index("Newer") < content.index("Older")
    assert "Secret draft" not in content
    assert "In English" not in content


def test_english_list_shows_english_articles(client):
    """/en/news/ lists the English articles."""
    ArticleFactory(title="In English", language="en")
    ArticleFactory(title="Po polsku", language="pl")
    content = client.get("/en/news/").content.decode()
    assert "In English" in content
    assert "Po polsku" not in content


def test_list_is_paginated(client):
    """Ten articles a page; the eleventh is on page two."""
    now = timezone.now()
    for number in range(11):
        ArticleFactory(title=f"Story {number:02d}", published_at=now - timedelta(hours=number + 1))
    first = client.get("/news/").content.decode()
    second = client.get("/news/?page=2").content.decode()
    assert "Story 00" in first and "Story 10" not in first
    assert "Story 10" in second


@pytest.mark.parametrize("page", ["3", "0", "x", "1e3", "9999999"])
def test_list_page_that_does_not_exist_is_not_found(client, page):
    """A page past the end or something that is not a page number answers 404."""
    ArticleFactory.create_batch(11)
    assert client.get(f"/news/?page={page}").status_code == 404


def test_list_on_a_warm_cache_runs_no_query(client, django_assert_num_queries):
    """The list is a cached fragment: the second visitor costs the database nothing."""
    ArticleFactory.create_batch(3)
    client.get("/news/?page=1")
    with django_assert_num_queries(0):
        response = client.get("/news/?page=1")
    assert response.status_code == 200
    assert response.text.count('class="news-card') == 3


def test_detail_has_title_description_and_open_graph(client):
    """An article page carries its title, description and Open Graph tags."""
    article = ArticleFactory(title="Working group met", lead="The group agreed a plan.")
    content = client.get(article.get_absolute_url()).content.decode()
    assert "<title>Working group met ·" in content
    assert '<meta name="description" content="The group agreed a plan.">' in content
    assert '<meta property="og:title" content="Working group met">' in content
    assert '<meta property="og:type" content="article">' in content
    assert f'content="http://127.0.0.1:8000{article.get_absolute_url()}"' in content


def test_detail_renders_markdown_without_script(client):
    """An article body with a script and an onerror handler renders neither."""
    article = ArticleFactory(
        body="Hello **there** <script>alert('x')</script><img src=x onerror=alert(1)>"
    )
    content = client.get(article.get_absolute_url()).content.decode()
    assert "<strong>there</strong>" in content
    assert "alert(" not in content
    assert "onerror" not in content


def test_draft_is_not_found_publicly(client):
    """A draft's address answers 404 to visitors."""
    draft = DraftArticleFactory()
    assert client.get(f"/news/{draft.slug}/").status_code == 404


def test_scheduled_article_is_not_found_before_its_time(client):
    """An article published in the future is not shown yet."""
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))
    assert client.get(f"/news/{scheduled.slug}/").status_code == 404


def test_editor_can_preview_a_draft(client, editor):
    """A content editor sees a draft through the preview link, marked not to be indexed."""
    draft = DraftArticleFactory(title="Coming soon")
    client.force_login(editor)
    response = client.get(reverse("news:preview", kwargs={"pk": draft.pk}))
    assert response.status_code == 200
    assert "Coming soon" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_preview_refuses_a_signed_in_user_without_the_role(client, other_user):
    """Only people who may see articles in admin can preview drafts."""
    draft = DraftArticleFactory()
    client.force_login(other_user)
    assert client.get(reverse("news:preview", kwargs={"pk": draft.pk})).status_code == 403


def test_feed_lists_published_articles_as_rss(client):
    """/news/feed/ is RSS with the published articles of the language and no drafts."""
    ArticleFactory(title="Public story", lead="Lead text")
    DraftArticleFactory(title="Draft story")
    response = client.get("/news/feed/")
    content = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "<title>Public story</title>" in content
    assert "Lead text" in content
    assert "Draft story" not in content
    assert "<language>pl</language>" in content


def test_english_feed_lists_english_articles(client):
    """/en/news/feed/ carries the English articles."""
    ArticleFactory(title="English story", language="en")
    ArticleFactory(title="Polska historia", language="pl")
    content = client.get("/en/news/feed/").content.decode()
    assert "English story" in content
    assert "Polska historia" not in content
    assert "<language>en</language>" in content
