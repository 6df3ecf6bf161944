import logging

import pytest

from tests.contacts.factories import PersonFactory
from tests.factories import StaffUserFactory, SuperuserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/staff/people/{pk}/", "/staff/people/{pk}/export.json", "/staff/people/{pk}/export/"],
    ids=["person page", "JSON export", "printable export"],
)
def test_opening_a_person_is_logged_without_their_data(client, caplog, path):
    """The access log names the clerk, the view and the record id, never the person's data."""
    person = PersonFactory(name="Zofia Wiśniewska", email="zofia@example.com")
    clerk = StaffUserFactory()
    client.force_login(clerk)
    with caplog.at_level(logging.INFO, logger="returnportal.audit"):
        assert client.get(path.format(pk=person.pk)).status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "returnportal.audit"]
    assert len(lines) == 1
    assert f"user={clerk.pk}" in lines[0]
    assert f"record={person.pk}" in lines[0]
    assert "Zofia" not in lines[0] and "zofia@" not in lines[0]


def test_a_refused_request_is_not_logged_as_an_access(client, caplog):
    """Only data actually shown is logged as opened."""
    person = PersonFactory()
    with caplog.at_level(logging.INFO, logger="returnportal.audit"):
        client.get(f"/staff/people/{person.pk}/")
    assert not [r for r in caplog.records if r.name == "returnportal.audit"]


# Every export of the portal: a URL whose name says export, csv, xlsx, print or download. Each one
# that carries personal data must leave one access-log line; the rest are named with the reason.
NOT_PERSONAL = {
    "surveys:codebook": "the survey's questions and codes, no answers",
    "surveys:codebook_xlsx": "the survey's questions and codes, no answers",
}
EXPORT_WORDS = ("export", "csv", "xlsx", "print", "download", "codebook")


def export_urls() -> list[tuple[str, str]]:
    from tests.test_access import url_patterns

    return sorted(
        (name, route)
        for name, route in url_patterns()
        if not name.startswith("admin:") and any(word in name for word in EXPORT_WORDS)
    )


EXPORTS = [pytest.param(name, route, id=name) for name, route in export_urls()]


def test_the_export_list_is_not_empty():
    """The walk below finds the exports (cases, attendees, survey answers, a person's data)."""
    names = {name for name, _route in export_urls()}
    assert {
        "contacts:case_export",
        "contacts:person_export",
        "contacts:person_export_json",
        "workshops:staff_attendees_csv",
        "workshops:staff_attendees_xlsx",
        "workshops:staff_attendees_print",
        "surveys:export",
        "surveys:export_xlsx",
        "contacts:case_export_xlsx",
        *NOT_PERSONAL,
    } <= names


@pytest.mark.parametrize(("name", "route"), EXPORTS)
def test_every_export_of_personal_data_leaves_one_access_log_line(
    client, caplog, world, name, route
):
    """Opening an export logs the clerk and the view (and no exported data)."""
    from tests.test_access import path_for

    user = SuperuserFactory()
    client.force_login(user)
    path = path_for(route, world["kwargs"].get(name, {}))
    with caplog.at_level(logging.INFO, logger="returnportal.audit"):
        response = client.get(path)
        assert response.status_code == 200, path
        if response.streaming:
            b"".join(response.streaming_content)
    lines = [r.getMessage() for r in caplog.records if r.name == "returnportal.audit"]
    if name in NOT_PERSONAL:
        assert lines == []
        return
    assert len(lines) == 1, f"{path}: {lines}"
    assert f"user={user.pk}" in lines[0]
    assert f"view={name}" in lines[0]


@pytest.mark.parametrize("fmt", ["", "csv", "xlsx"])
@pytest.mark.parametrize("report", ["contacts:report_monthly", "contacts:report_quarterly"])
def test_reports_are_counts_and_are_not_logged_as_personal_data(client, caplog, report, fmt):
    """The reports (and their CSV) hold counts only; opening them is no access to a person."""
    from django.urls import reverse

    client.force_login(SuperuserFactory())
    with caplog.at_level(logging.INFO, logger="returnportal.audit"):
        response = client.get(reverse(report), {"year": 2025, "quarter": 1, "format": fmt})
    assert response.status_code == 200
    assert not [r for r in caplog.records if r.name == "returnportal.audit"]
