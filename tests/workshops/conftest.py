"""Fixtures for the workshops tests."""

import pytest
from django.db import connection

from tests.conftest import skip_or_fail


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://portal.example"


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
