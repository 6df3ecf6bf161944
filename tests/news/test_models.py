from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from returnportal.news.models import Article
from tests.news.factories import ArticleFactory, DraftArticleFactory

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_scheduled_articles():
    """Only published articles whose time has come are public."""
    public = ArticleFactory()
    DraftArticleFactory()
    ArticleFactory(published_at=timezone.now() + timedelta(days=1))
    assert list(Article.objects.published()) == [public]


def test_for_language_filters_by_the_given_or_active_language():
    """for_language() keeps the articles written in one language."""
    polish = ArticleFactory(language="pl")
    english = ArticleFactory(language="en")
    assert list(Article.objects.for_language("en")) == [english]
    assert list(Article.objects.for_language("pl")) == [polish]


def test_publishing_without_a_time_sets_it_to_now():
    """An article saved as published gets a publication time."""
    article = ArticleFactory(published_at=None)
    assert article.published_at is not None


def test_image_needs_a_description():
    """An image without alternative text fails validation."""
    article = ArticleFactory.build(image=SimpleUploadedFile("photo.png", b"png"), image_alt="")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "image_alt" in error.value.message_dict


def test_image_must_be_a_raster_image_file():
    """An SVG or other file is refused as an article image."""
    article = ArticleFactory.build(
        image=SimpleUploadedFile("drawing.svg", b"<svg/>"), image_alt="A drawing"
    )
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "image" in error.value.message_dict


def test_database_refuses_an_image_without_description():
    """The check constraint backs the alt-text rule."""
    with pytest.raises(IntegrityError):
        ArticleFactory(image="news/2026/photo.png", image_alt="")


@pytest.mark.parametrize("slug", ["feed", "preview"])
def test_slugs_used_by_the_site_are_refused(slug):
    """An article cannot take an address the news section uses itself."""
    article = ArticleFactory.build(slug=slug)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "slug" in error.value.message_dict


def test_absolute_url_is_in_the_article_language():
    """An English article lives under /en/."""
    assert ArticleFactory(slug="hello", language="en").get_absolute_url() == "/en/news/hello/"
    assert ArticleFactory(slug="witaj", language="pl").get_absolute_url() == "/news/witaj/"
