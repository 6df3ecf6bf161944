"""The list, the workshop page and the registration post run a constant number of queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.workshops.factories import RegistrationFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def fill(workshops: int, registrations: int) -> list:
    created = WorkshopFactory.create_batch(workshops, capacity=registrations + 5)
    for workshop in created:
        RegistrationFactory.create_batch(registrations, workshop=workshop)
    return created


def count_queries(client, method: str, url: str, data=None) -> int:
    cache.clear()  # compare cold pages: a cached fragment would hide the queries behind it
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    assert response.status_code in (200, 302)
    return len(queries)


def test_list_query_count_does_not_grow(client):
    """The list costs the same number of queries with 2 or 15 workshops and their registrations."""
    fill(2, 1)
    small = count_queries(client, "get", "/en/workshops/")
    fill(13, 6)
    assert count_queries(client, "get", "/en/workshops/") == small


def test_detail_query_count_does_not_grow(client):
    """The workshop page costs the same with 1 or 30 registrations."""
    small_workshop, big_workshop = fill(1, 1)[0], fill(1, 30)[0]
    small = count_queries(client, "get", f"/en/workshops/{small_workshop.slug}/")
    assert count_queries(client, "get", f"/en/workshops/{big_workshop.slug}/") == small


def test_registration_post_query_count_does_not_grow(client):
    """Registering costs the same with 1 or 30 registrations already made."""
    small_workshop, big_workshop = fill(1, 1)[0], fill(1, 30)[0]
    data = {
        "name": "Ewa",
        "email": "ewa@example.org",
        "participant_type": "migrant",
        "consent": "on",
    }
    small = count_queries(client, "post", f"/en/workshops/{small_workshop.slug}/register/", data)
    # Another address: a known one links its person and writes less, whatever the count.
    data["email"] = "ola@example.org"
    big = count_queries(client, "post", f"/en/workshops/{big_workshop.slug}/register/", data)
    assert big == small


def test_registration_page_query_count_is_small(client):
    """The registrant's page needs only a handful of queries."""
    registration = RegistrationFactory()
    assert count_queries(client, "get", f"/registrations/{registration.token}/") <= 4
