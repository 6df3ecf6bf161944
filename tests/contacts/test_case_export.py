import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from contacts.models import Case, County, Person, Topic
from tests.contacts.factories import CaseFactory, ContactFactory, PersonFactory

pytestmark = pytest.mark.django_db


def export_rows(client, **params) -> list[list[str]]:
    """The rows of the Polish export: semicolons, as Excel set to Polish reads them."""
    response = client.get(reverse("contacts:case_export"), params)
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


def local(moment) -> str:
    return timezone.localtime(moment).replace(tzinfo=None).isoformat(timespec="seconds")


def polish(*labels) -> str:
    with translation.override("pl"):
        return "; ".join(str(label) for label in labels)


def test_case_export_row_has_every_column(staff_client, staff_user):
    """A case row: person, kind, county, assignee, follow-up, topics in Topic order, contacts;
    every code written as its Polish label, the times in Warsaw time."""
    person = PersonFactory(kind=Person.Kind.ENTREPRENEUR, home_county="buski")
    case = CaseFactory(
        person=person,
        assignee=staff_user,
        follow_up_on=date(2026, 12, 1),
        topics=["work", "business"],
    )
    last = ContactFactory(case=case)
    ContactFactory(case=case, occurred_at=last.occurred_at - timezone.timedelta(days=1))
    anonymous = CaseFactory(person=None, topics=["other"])
    rows = export_rows(staff_client)
    by_pk = {row[0]: row for row in rows[1:]}
    assert by_pk[str(case.pk)] == [
        str(case.pk),
        local(case.created_at),
        polish(Case.Status.OPEN.label),
        polish(Topic.WORK.label, Topic.BUSINESS.label),
        str(person.pk),
        polish(Person.Kind.ENTREPRENEUR.label),
        polish(County.BUSKI.label),
        staff_user.get_username(),
        "2026-12-01",
        "2",
        local(last.occurred_at),
    ]
    assert by_pk[str(anonymous.pk)][3:9] == [polish(Topic.OTHER.label), "", "", "", "", ""]
    assert by_pk[str(anonymous.pk)][9:] == ["0", ""]


def export_queries(client) -> tuple[int, list[list[str]]]:
    with CaptureQueriesContext(connection) as queries:
        rows = export_rows(client)
    return len(queries), rows


def test_case_export_queries_do_not_grow_with_rows(staff_client, monkeypatch):
    """Cases and their topics are read side by side: as many queries for 2 cases as for 32.

    The chunk is made tiny so that 32 cases span 16 chunks of the server-side cursor.
    """
    monkeypatch.setattr("contacts.export.CHUNK_SIZE", 2)
    for _ in range(2):
        ContactFactory(case=CaseFactory(person=PersonFactory(), topics=["housing"]))
    small, _rows = export_queries(staff_client)
    for _ in range(30):
        ContactFactory(case=CaseFactory(person=PersonFactory(), topics=["housing", "work"]))
    queries, rows = export_queries(staff_client)
    assert queries == small
    assert len(rows) == 33
    both, housing = polish(Topic.WORK.label, Topic.HOUSING.label), polish(Topic.HOUSING.label)
    assert [row[3] for row in rows[1:]] == [both] * 30 + [housing] * 2


def test_case_export_follows_the_filter_with_the_right_topics(staff_client):
    """A topic filter keeps the matching cases, each still with all of its topics."""
    match = CaseFactory(topics=["work", "housing"])
    CaseFactory(topics=["health"])
    rows = export_rows(staff_client, topic="work")
    assert [(row[0], row[3]) for row in rows[1:]] == [
        (str(match.pk), polish(Topic.WORK.label, Topic.HOUSING.label))
    ]
