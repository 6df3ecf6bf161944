"""Far and impossible dates in every date filter: a 400 that says why, never a 500.

Found by a probe: `date_to=9999-12-31` made "the day after" overflow on the case list, the case
CSV, the survey results and the survey CSV.
"""

import pytest
from django.urls import reverse

from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

DATE_FILTERS = [  # (URL name, the keyword arguments taken from the world fixture)
    ("contacts:case_list", None),
    ("contacts:case_export", None),
    ("surveys:results", "survey"),
    ("surveys:text_answers", "answers"),
    ("surveys:export", "survey"),
]
BAD_DATES = [
    ("date_to", "9999-12-31"),
    ("date_from", "9999-12-31"),
    ("date_from", "0001-01-01"),
    ("date_to", "0001-01-01"),
    ("date_to", "99999-01-01"),
    ("date_from", "2026-02-30"),
    ("date_to", "2026-13-01"),
    ("date_from", "1899-12-31"),
]


def filter_url(name: str, kind: str | None, world) -> str:
    kwargs = world["kwargs"]
    if kind is None:
        return reverse(name)
    key = "surveys:text_answers" if kind == "answers" else "surveys:results"
    return reverse(name, kwargs=kwargs[key])


@pytest.mark.parametrize(("name", "kind"), DATE_FILTERS)
def test_a_far_or_impossible_date_is_a_400(client, world, name, kind):
    """Refused with the form's reason, and never an export of everything unfiltered."""
    client.force_login(StaffUserFactory())
    url = filter_url(name, kind, world)
    wrong = []
    for field, value in BAD_DATES:
        response = client.get(url, {field: value})
        if response.status_code != 400 or "text/csv" in response.get("Content-Type", ""):
            wrong.append(f"{field}={value}: {response.status_code} {response['Content-Type']}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize(("name", "kind"), DATE_FILTERS)
def test_the_widest_allowed_range_answers(client, world, name, kind):
    """The first and last allowed days filter as usual (an empty result is fine)."""
    client.force_login(StaffUserFactory())
    response = client.get(
        filter_url(name, kind, world), {"date_from": "2000-01-01", "date_to": "2100-12-31"}
    )
    assert response.status_code == 200
