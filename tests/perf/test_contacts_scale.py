"""The contact point's staff pages at the issue's scale: 20,000 people, 100,000 contacts.

Run with `make bench`. Asserts the same number of SQL queries as with 100 people, and prints
how long each page took.
"""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.models import Case, CaseTopic, Contact, Person, Topic
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

CHANNELS = ["phone", "email", "in_person", "web_form"]


def grow(*, people: int, contacts_per_person: int, start: int, staff) -> None:
    """Add people numbered from `start`, each with one case and a few contacts."""
    now = timezone.now()
    today = timezone.localdate()
    new_people = Person.objects.bulk_create(
        Person(
            name=f"Osoba Testowa {i}",
            email=f"osoba{i}@example.com",
            phone=f"+48500{i:06d}",
            last_activity_at=now,
        )
        for i in range(start, start + people)
    )
    cases = Case.objects.bulk_create(
        Case(
            person=person,
            assignee=staff if i % 50 == 0 else None,
            follow_up_on=today - timedelta(days=i % 3) if i % 50 == 0 else None,
            created_at=now - timedelta(minutes=i),
        )
        for i, person in enumerate(new_people)
    )
    CaseTopic.objects.bulk_create(
        CaseTopic(case=case, topic=Topic.values[i % len(Topic.values)])
        for i, case in enumerate(cases)
    )
    Contact.objects.bulk_create(
        (
            Contact(
                case=case,
                channel=CHANNELS[(i + j) % 4],
                occurred_at=now - timedelta(hours=j),
                summary="Rozmowa",
                staff=staff,
            )
            for i, case in enumerate(cases)
            for j in range(contacts_per_person)
        ),
        batch_size=5000,
    )


def measure(client, url: str, params: dict) -> tuple[int, float]:
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return len(queries), elapsed


def test_staff_pages_at_scale(client):
    """20,000 people and 100,000 contacts cost the same queries as 100 people."""
    staff = StaffUserFactory()
    client.force_login(staff)
    grow(people=100, contacts_per_person=5, start=0, staff=staff)
    busy = Person.objects.order_by("pk").first()
    pages = {
        "dashboard": (reverse("contacts:dashboard"), {}),
        "case list": (reverse("contacts:case_list"), {}),
        "case list filtered": (
            reverse("contacts:case_list"),
            {"topic": "work", "channel": "email"},
        ),
        "person search": (reverse("contacts:person_search"), {"q": "testowa 1"}),
        "person page": (busy.get_absolute_url(), {}),
    }
    small = {name: measure(client, *page) for name, page in pages.items()}
    grow(people=19_900, contacts_per_person=5, start=100, staff=staff)
    assert Contact.objects.count() == 100_000
    large = {name: measure(client, *page) for name, page in pages.items()}
    print(f"\n{connection.vendor}: page, queries, ms at 100 people -> at 20,000 people")
    for name in pages:
        print(
            f"  {name:20} {small[name][0]:3} {small[name][1] * 1000:7.1f} ms"
            f" -> {large[name][0]:3} {large[name][1] * 1000:7.1f} ms"
        )
    assert {name: q for name, (q, _) in small.items()} == {
        name: q for name, (q, _) in large.items()
    }
