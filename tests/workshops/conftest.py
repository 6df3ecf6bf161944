"""Fixtures for the workshops tests."""

import pytest
from django.db import connection

from tests.conftest import skip_or_fail


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://portal.example"
    # Users are made in many tests; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached home blocks and kiosk slides never leak from one test into another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def postgresql(db) -> None:
    """Skip unless the tests run on PostgreSQL (row locks mean nothing on SQLite)."""
    if connection.vendor != "postgresql":
        skip_or_fail("this test needs PostgreSQL row locking (set DATABASE_URL to PostgreSQL)")


@pytest.fixture
def book_seat(django_capture_on_commit_callbacks):
    """Register someone through the service and run what it does after commit (the cache bump)."""
    from workshops import services

    def book(workshop):
        with django_capture_on_commit_callbacks(execute=True):
            return services.registration_create(
                workshop_id=workshop.pk,
                name="Ewa",
                email="ewa@example.org",
                participant_type="migrant",
                language="en",
            )

    return book


@pytest.fixture
def staff_user(db, django_user_model):
    from django.contrib.auth.models import Group

    from returnportal.accounts.roles import CONTACT_POINT_STAFF

    user = django_user_model.objects.create_user("staff", "staff@example.org", "a-long-password-1")
    user.groups.add(Group.objects.get_or_create(name=CONTACT_POINT_STAFF)[0])
    return user


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
