"""Factories shared by every app's tests: users in each of the portal's roles."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from returnportal.accounts.roles import CONTACT_POINT_STAFF, CONTENT_EDITORS

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@re-turn.example")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.add(*Group.objects.filter(name__in=names))
        if create:
            self.save()


def staff_user(**kwargs):
    """A contact-point clerk."""
    return UserFactory(groups=[CONTACT_POINT_STAFF], **kwargs)


def editor_user(**kwargs):
    """A content editor (admin access to content, no personal data)."""
    return UserFactory(groups=[CONTENT_EDITORS], is_staff=True, **kwargs)


def superuser(**kwargs):
    return UserFactory(is_superuser=True, is_staff=True, **kwargs)
