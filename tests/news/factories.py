from datetime import timedelta

import factory
from django.utils import timezone

from returnportal.languages import Language
from returnportal.news.models import Article


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    lead = "A short lead about the contact point."
    body = "Some **news** for returnees."
    language = Language.POLISH
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class DraftArticleFactory(ArticleFactory):
    status = Article.Status.DRAFT
    published_at = None
