"""Every CSV and .xlsx export by every formula prefix: no cell, header included, reaches a
spreadsheet raw.

A spreadsheet runs a cell starting with one of PREFIXES as a formula (CSV injection). Each
export gets a value starting with the prefix in a column people type into, and the whole file
(header too) is checked cell by cell. The prefixes are written out here, not imported: a
shortened list in the code must fail this test.
"""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from contacts import reports
from surveys.models import Answer, Question
from tests.contacts.factories import CaseFactory
from tests.factories import UserFactory
from tests.surveys.factories import QuestionFactory, ResponseFactory, SectionFactory, SurveyFactory
from tests.workshops.factories import RegistrationFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]
PAYLOAD = 'HYPERLINK("http://x.example","a")'


def cells(body: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"), newline="")))


def body_of(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8")


def english(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


# One function per export: put `value` where people type, return the export's URL.
def cases(value):
    CaseFactory(assignee=UserFactory(username=value))
    return english("contacts:case_export")


def attendees(value):
    workshop = WorkshopFactory(capacity=10)
    RegistrationFactory(workshop=workshop, name=value, company=value, needs=value)
    return english("workshops:staff_attendees_csv", slug=workshop.slug)


def _survey(value):
    survey = SurveyFactory()
    section = SectionFactory(survey=survey)
    question = QuestionFactory(
        section=section, code=value, type=Question.Type.SHORT_TEXT, text_pl=value, text_en=value
    )
    Answer.objects.create(response=ResponseFactory(survey=survey), question=question, text=value)
    return survey


def survey_responses(value):
    return english("surveys:export", slug=_survey(value).slug)


def survey_codebook(value):
    return english("surveys:codebook", slug=_survey(value).slug)


def monthly_report(value, monkeypatch):
    monkeypatch.setattr(reports, "_answer_columns", lambda: [value])
    return english("contacts:report_monthly") + "?year=2025&format=csv"


def quarterly_report(value, monkeypatch, shareable=""):
    real = reports.quarterly

    def with_a_typed_label(**kwargs):
        report = real(**kwargs)
        report.sections.append((value, [reports.Indicator(value, 3)]))
        return report

    monkeypatch.setattr(reports, "quarterly", with_a_typed_label)
    return english("contacts:report_quarterly") + f"?year=2025&quarter=1&format=csv{shareable}"


def quarterly_shareable(value, monkeypatch):
    return quarterly_report(value, monkeypatch, shareable="&shareable=on")


EXPORTS = [cases, attendees, survey_responses, survey_codebook]
REPORTS = [monthly_report, quarterly_report, quarterly_shareable]


def assert_defused(body: str, value: str) -> None:
    rows = cells(body)
    for row in rows:
        for cell in row:
            assert not cell.startswith(tuple(PREFIXES)), f"raw formula cell {cell!r}"
    assert any(f"'{value}" in row for row in rows), f"the typed value is not in the export {rows}"


@pytest.mark.parametrize("prefix", PREFIXES, ids=repr)
@pytest.mark.parametrize("export", EXPORTS, ids=lambda f: f.__name__)
def test_every_export_defuses_every_formula_prefix(superuser_client, export, prefix):
    value = prefix + PAYLOAD
    assert_defused(body_of(superuser_client.get(export(value))), value)


@pytest.mark.parametrize("prefix", PREFIXES, ids=repr)
@pytest.mark.parametrize("export", REPORTS, ids=lambda f: f.__name__)
def test_every_report_csv_defuses_every_formula_prefix(
    superuser_client, monkeypatch, export, prefix
):
    """The reports' labels come from the catalogues, not from users; a translator's label that
    starts like a formula is still defused, because the reports use the same writer."""
    value = prefix + PAYLOAD
    assert_defused(body_of(superuser_client.get(export(value, monkeypatch))), value)


def assert_text_only(response, value: str) -> None:
    assert response.status_code == 200, response.status_code
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    assert [c.value for c in cells if c.data_type == "f"] == [], "a formula cell in the workbook"
    # XML reads a carriage return back as a line feed.
    assert value.replace("\r", "\n") in [c.value for c in cells if c.data_type == "s"]


@pytest.mark.parametrize("prefix", PREFIXES, ids=repr)
@pytest.mark.parametrize("export", EXPORTS, ids=lambda f: f.__name__)
def test_every_xlsx_export_stores_every_prefix_as_text(superuser_client, export, prefix):
    """The .xlsx downloads hold the typed value as a text cell, never as a formula."""
    value = prefix + PAYLOAD
    csv_path = export(value)
    path = csv_path.replace(".csv", ".xlsx")  # each export's workbook sits beside its CSV
    assert path != csv_path
    assert_text_only(superuser_client.get(path), value)


@pytest.mark.parametrize("prefix", PREFIXES, ids=repr)
@pytest.mark.parametrize("export", REPORTS, ids=lambda f: f.__name__)
def test_every_report_xlsx_stores_every_prefix_as_text(
    superuser_client, monkeypatch, export, prefix
):
    """The reports' workbooks too: a label starting like a formula is a text cell."""
    value = prefix + PAYLOAD
    assert_text_only(superuser_client.get(export(value, monkeypatch).replace("csv", "xlsx")), value)
