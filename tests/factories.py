"""Factories shared by every app's tests: users, and users in each of the portal's roles."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from returnportal.accounts.roles import CONTACT_POINT_STAFF, CONTENT_EDITORS

PASSWORD = "correct horse battery staple"


def _join_groups(user, create: bool, names) -> None:
    """Put a created user in the named groups (the roles the data migrations made)."""
    if create and names:
        user.groups.add(*Group.objects.filter(name__in=names))
    if create:
        user.save()


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-in user with no role; `groups=[...]` names the groups to join."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@re-turn.example")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        _join_groups(self, create, names)


class StaffUserFactory(UserFactory):
    """A contact-point clerk."""

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        _join_groups(self, create, names or [CONTACT_POINT_STAFF])


class EditorUserFactory(UserFactory):
    """A content editor: admin access to content, no personal data."""

    is_staff = True

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        _join_groups(self, create, names or [CONTENT_EDITORS])


class SuperuserFactory(UserFactory):
    is_superuser = True
    is_staff = True
