from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from returnportal.languages import Language
from returnportal.news.models import Article


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("a long enough password")


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
