"""The staff pages run a fixed number of SQL queries however much data there is."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.models import Person
from tests.contacts.factories import CaseFactory, ContactFactory, PersonFactory, ReferralFactory
from tests.surveys.factories import ResponseFactory
from tests.workshops.factories import RegistrationFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def fill(*, rows: int, staff_user, busy: Person) -> None:
    """`rows` people with a case due, and `rows` more cases, contacts, referrals, workshop
    registrations and survey consents for `busy`."""
    today = timezone.localdate()
    for i in range(rows):
        case = CaseFactory(
            person=PersonFactory(name=f"Szukany {i}"),
            assignee=staff_user,
            follow_up_on=today - timedelta(days=i % 2),
            topics=["work", "housing"],
        )
        ContactFactory(case=case)
    first_case = busy.cases.order_by("pk").first()
    for i in range(rows):
        case = CaseFactory(person=busy, topics=["health"])
        ContactFactory(case=case, staff=staff_user)
        ContactFactory(case=first_case, staff=staff_user, channel="email")
        if i % 5 == 0:
            ReferralFactory(case=first_case)
        RegistrationFactory(
            person=busy, workshop=WorkshopFactory(), email=busy.email, attended=bool(i % 2)
        )
        ResponseFactory(person=busy, contact_consent=True, contact_email=busy.email)


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def pages(busy: Person) -> dict[str, tuple[str, dict]]:
    return {
        "dashboard": (reverse("contacts:dashboard"), {}),
        "case list": (reverse("contacts:case_list"), {}),
        "filtered case list": (reverse("contacts:case_list"), {"topic": "work", "q": "szukany"}),
        "person search": (reverse("contacts:person_search"), {"q": "szukany"}),
        "quick log search": (reverse("contacts:quick_log"), {"q": "szukany"}),
        "person page": (busy.get_absolute_url(), {}),
        "case page": (busy.cases.order_by("pk").first().get_absolute_url(), {}),
    }


@pytest.mark.parametrize(
    "page",
    [
        "dashboard",
        "case list",
        "filtered case list",
        "person search",
        "quick log search",
        "person page",
        "case page",
    ],
)
def test_query_count_does_not_grow_with_data(page, staff_client, staff_user):
    """The same page costs the same queries with 5 and with 50 rows."""
    busy = PersonFactory(name="Busy Person")
    CaseFactory(person=busy)
    fill(rows=5, staff_user=staff_user, busy=busy)
    url, params = pages(busy)[page]
    small = count_queries(staff_client, url, params)
    fill(rows=45, staff_user=staff_user, busy=busy)
    large = count_queries(staff_client, url, params)
    assert small == large
