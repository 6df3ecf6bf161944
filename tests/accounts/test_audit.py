import logging

import pytest

from tests.contacts.factories import PersonFactory
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/staff/people/{pk}/", "/staff/people/{pk}/export.json", "/staff/people/{pk}/export/"],
    ids=["person page", "JSON export", "printable export"],
)
def test_opening_a_person_is_logged_without_their_data(client, caplog, path):
    """The access log names the clerk, the view and the record id, never the person's data."""
    person = PersonFactory(name="Zofia Wiśniewska", email="zofia@example.com")
    clerk = staff_user()
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
