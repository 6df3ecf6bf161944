"""The dashboard's questions waiting for an answer: oldest first, overdue marked, fixed cost."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from contacts import services
from contacts.models import Case, Channel
from tests.contacts.factories import PersonFactory
from tests.workshops.factories import RegistrationFactory, WorkshopFactory
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def english_url(name: str) -> str:
    with translation.override("en"):
        return reverse(name)


def waiting_case(*, hours_ago: float, name: str = "", flag: str = "", **person) -> Case:
    """A case opened by an e-mail `hours_ago`, not answered yet."""
    person = PersonFactory(name=name or "Piotr Czekający", **person)
    return services.case_open(
        person=person,
        topics=["work"],
        channel=Channel.EMAIL,
        summary="Pytanie o pracę.",
        occurred_at=timezone.now() - timedelta(hours=hours_ago),
        flag=flag,
        email_fields={"email_address": person.email, "subject": "Praca"},
    )


def test_waiting_questions_are_listed_oldest_first_with_overdue_marked(staff_client):
    """The longest waiting comes first; past its due time it says "overdue" in words."""
    recent = waiting_case(hours_ago=1, name="Nowa Pytająca")
    old = waiting_case(
        hours_ago=24 * 8,
        name="Stary Pytający",
        flag=Case.Flag.NEW_QUESTION,
        email_undeliverable_at=timezone.now(),
    )
    services.case_open(
        person=PersonFactory(), topics=["work"], channel=Channel.PHONE, summary="Telefon."
    )
    response = staff_client.get(english_url("contacts:dashboard"))
    assert response.context["waiting"] == [old, recent]
    assert response.context["waiting_count"] == 2
    content = response.content.decode()
    assert content.index("Stary Pytający") < content.index("Nowa Pytająca")
    assert content.count(">overdue</span>") == 1
    assert "New question by e-mail" in content
    assert "e-mail undeliverable" in content
    assert "1\xa0week, 1\xa0day" in content  # how long the oldest has waited (timesince)


def test_an_answered_question_leaves_the_list(staff_client):
    """A call back takes the case off the waiting list."""
    case = waiting_case(hours_ago=5)
    services.case_log_contact(case=case, channel=Channel.PHONE, direction="out", summary="Ok.")
    response = staff_client.get(english_url("contacts:dashboard"))
    assert response.context["waiting"] == []
    assert "No question is waiting for an answer." in response.content.decode()


def test_a_long_backlog_shows_the_oldest_and_the_count(staff_client):
    """Beyond twenty waiting questions the oldest twenty are listed and all are counted."""
    for i in range(22):
        waiting_case(hours_ago=100 - i, name=f"Czeka {i}")
    response = staff_client.get(english_url("contacts:dashboard"))
    assert len(response.context["waiting"]) == 20
    assert response.context["waiting"][0].person.name == "Czeka 0"
    assert "Showing the 20 longest waiting of 22 questions." in response.content.decode()


def test_the_waiting_list_costs_the_same_queries_for_3_and_30(staff_client):
    """The dashboard runs as many queries with 30 waiting questions as with 3."""

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(reverse("contacts:dashboard")).status_code == 200
        return len(queries)

    for i in range(3):
        waiting_case(hours_ago=60 - i, name=f"Mało {i}", flag=Case.Flag.UNVERIFIED_REFERENCE)
    small = count()
    for i in range(27):
        waiting_case(hours_ago=30 - i, name=f"Dużo {i}", flag=Case.Flag.NEW_QUESTION)
    assert count() == small


def local_noon(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def test_the_dashboard_links_to_todays_and_this_weeks_workshops_for_check_in(staff_client):
    """Today's workshops and the rest of this week's lead to their check-in pages; others not."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    later_this_week = monday + timedelta(days=(today.weekday() + 3) % 7)
    now = WorkshopFactory(title="Dzisiejsze warsztaty", starts_at=local_noon(today))
    soon = WorkshopFactory(title="Warsztaty w tym tygodniu", starts_at=local_noon(later_this_week))
    WorkshopFactory(title="Warsztaty za tydzień", starts_at=local_noon(monday + timedelta(days=7)))
    WorkshopFactory(
        title="Warsztaty sprzed tygodnia", starts_at=local_noon(monday - timedelta(days=1))
    )
    WorkshopFactory(title="Szkic", starts_at=local_noon(today), status=Workshop.Status.DRAFT)
    response = staff_client.get(english_url("contacts:dashboard"))
    assert response.context["workshops_today"] == [now]
    assert response.context["workshops_this_week"] == [soon]
    content = response.content.decode()
    for workshop in (now, soon):
        url = reverse("workshops:staff_attendees", kwargs={"slug": workshop.slug})
        assert f'href="{url}"' in content
    assert "za tydzień" not in content and "sprzed tygodnia" not in content


def test_the_check_in_links_cost_the_same_queries_for_1_and_6_workshops(staff_client):
    """The week's workshops, with their seats, come in one query however many there are."""

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(reverse("contacts:dashboard")).status_code == 200
        return len(queries)

    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    RegistrationFactory(workshop=WorkshopFactory(starts_at=local_noon(today)))
    small = count()
    for day in range(6):
        RegistrationFactory(workshop=WorkshopFactory(starts_at=local_noon(monday + timedelta(day))))
    assert count() == small
