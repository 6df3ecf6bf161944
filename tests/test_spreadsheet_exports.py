"""Every export opened the way its readers open it: pandas for the CSV, openpyxl for the .xlsx.

In Polish (semicolons) and in English (commas): the byte-order mark is read as such, the date
column parses with `pd.to_datetime` without `utc=True` although its rows lie on both sides of a
change of clock, codes arrive as the request language's labels, a phone number as written, and
the workbook's cells have their real types.
"""

import io
import warnings
from datetime import UTC, datetime

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from contacts.models import Case, Channel, Contact
from surveys.models import Answer, Question
from tests.contacts.factories import CaseFactory, ContactFactory
from tests.factories import SuperuserFactory
from tests.surveys.factories import QuestionFactory, ResponseFactory, SectionFactory, SurveyFactory
from tests.workshops.factories import RegistrationFactory, WorkshopFactory
from workshops.models import Registration

pytestmark = pytest.mark.django_db

LANGUAGES = ["pl", "en"]
SEPARATOR = {"pl": ";", "en": ","}
WINTER = datetime(2025, 1, 15, 9, 30, tzinfo=UTC)  # 10:30 in Warsaw, +01:00
SUMMER = datetime(2025, 7, 15, 9, 30, tzinfo=UTC)  # 11:30 in Warsaw, +02:00
WARSAW = [datetime(2025, 1, 15, 10, 30), datetime(2025, 7, 15, 11, 30)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def staff(client):
    client.force_login(SuperuserFactory())
    return client


def url(name: str, language: str, query: str = "", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs) + query


def label(choice, language: str) -> str:
    with translation.override(language):
        return str(choice.label)


def download(client, path: str, content_type: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith(content_type)
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def frame(client, path: str, language: str) -> pd.DataFrame:
    body = download(client, path, "text/csv")
    assert body.startswith("\ufeff".encode())
    return pd.read_csv(
        io.BytesIO(body),
        sep=SEPARATOR[language],
        encoding="utf-8-sig",
        dtype=str,
        keep_default_na=False,
    )


def sheet(client, path: str) -> list[list]:
    """The workbook's cells, row by row."""
    workbook = load_workbook(io.BytesIO(download(client, path, XLSX)))
    return [list(row) for row in workbook.active.iter_rows()]


def timestamps(column: pd.Series) -> list[datetime]:
    """The column as date-times, refusing the mixed-zone fallback pandas used to warn about."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parsed = pd.to_datetime(column)
    return sorted(value.to_pydatetime() for value in parsed)


def column(rows: list[list], header: str) -> list:
    """The cells under `header` in a sheet, header row left out."""
    index = [cell.value for cell in rows[0]].index(header)
    return [row[index] for row in rows[1:]]


def warsaw(header: str, language: str) -> str:
    with translation.override(language):
        return f"{translation.gettext(header)} (Europe/Warsaw)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_case_export_opens_in_pandas_and_excel(staff, language):
    """Cases: the status as its label, the opening time in Warsaw time, the case number a number."""
    for moment in (WINTER, SUMMER):
        Case.objects.filter(pk=CaseFactory(topics=["work"]).pk).update(created_at=moment)
    opened = warsaw("opened", language)
    data = frame(staff, url("contacts:case_export", language), language)
    assert timestamps(data[opened]) == WARSAW
    assert set(data[data.columns[2]]) == {label(Case.Status.OPEN, language)}
    assert label(Case.Status.OPEN, "pl") == "Otwarta"
    rows = sheet(staff, url("contacts:case_export_xlsx", language))
    assert sorted(cell.value for cell in column(rows, opened)) == WARSAW
    assert {cell.data_type for cell in column(rows, opened)} == {"d"}
    assert {type(cell.value) for cell in rows[1][:1]} == {int}
    assert rows[1][2].value == label(Case.Status.OPEN, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_attendee_export_keeps_the_phone_as_written(staff, language):
    """Attendees: the phone as typed (no apostrophe), the status as its label, times in Warsaw."""
    workshop = WorkshopFactory(capacity=10)
    for moment in (WINTER, SUMMER):
        registration = RegistrationFactory(workshop=workshop, phone="+48600100200")
        Registration.objects.filter(pk=registration.pk).update(created_at=moment)
    with translation.override(language):
        phone, status = translation.gettext("Phone"), translation.gettext("Status")
    registered = warsaw("Registered", language)
    path = url("workshops:staff_attendees_csv", language, slug=workshop.slug)
    data = frame(staff, path, language)
    assert list(data[phone]) == ["+48 600 100 200"] * 2
    assert set(data[status]) == {label(Registration.Status.CONFIRMED, language)}
    assert timestamps(data[registered]) == WARSAW
    rows = sheet(staff, url("workshops:staff_attendees_xlsx", language, slug=workshop.slug))
    assert [(c.value, c.data_type) for c in column(rows, phone)] == [("+48 600 100 200", "s")] * 2
    assert sorted(cell.value for cell in column(rows, registered)) == WARSAW


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_survey_export_and_codebook_open_in_pandas_and_excel(staff, language):
    """Responses: submitted_at in Warsaw time across the change of clock, numbers as numbers."""
    survey = SurveyFactory()
    number = QuestionFactory(
        section=SectionFactory(survey=survey), code="years", type=Question.Type.INTEGER
    )
    for moment, years in ((WINTER, 3), (SUMMER, 12)):
        response = ResponseFactory(survey=survey, submitted_at=moment)
        Answer.objects.create(response=response, question=number, number=years)
    submitted = "submitted_at (Europe/Warsaw)"
    data = frame(staff, url("surveys:export", language, slug=survey.slug), language)
    assert timestamps(data[submitted]) == WARSAW
    assert list(data["years"]) == ["3", "12"]
    rows = sheet(staff, url("surveys:export_xlsx", language, slug=survey.slug))
    assert [cell.value for cell in column(rows, submitted)] == WARSAW
    assert [(c.value, c.data_type) for c in column(rows, "years")] == [(3, "n"), (12, "n")]
    codebook = frame(staff, url("surveys:codebook", language, slug=survey.slug), language)
    assert list(codebook["column"][:2]) == ["response_id", submitted]
    rows = sheet(staff, url("surveys:codebook_xlsx", language, slug=survey.slug))
    assert [cell.value for cell in column(rows, "column")][:2] == ["response_id", submitted]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_monthly_report_opens_in_pandas_and_excel(staff, language):
    """The monthly figures: months as months, channels by their labels, counts as numbers."""
    ContactFactory(channel=Channel.PHONE, occurred_at=SUMMER)
    with translation.override(language):
        phone = f"{translation.gettext('channel')}: {Channel.PHONE.label}"
        month = translation.gettext("month")
    path = url("contacts:report_monthly", language, "?year=2025&format=")
    data = frame(staff, path + "csv", language)
    months = pd.to_datetime(data[month], format="%Y-%m")
    assert months[6].to_pydatetime() == datetime(2025, 7, 1)
    assert data[phone][6] == "1"
    rows = sheet(staff, path + "xlsx")
    july = rows[7]
    assert (july[0].value, july[0].number_format) == (datetime(2025, 7, 1), "yyyy-mm")
    assert column(rows, phone)[6].value == 1
    assert Contact.objects.count() == 1


@pytest.mark.parametrize("shareable", ["", "&shareable=on"], ids=["internal", "shareable"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_quarterly_report_opens_in_pandas_and_excel(staff, language, shareable):
    """The quarter's indicators: a count is a number, a hidden one the text "<5"."""
    for _ in range(6):
        ContactFactory(channel=Channel.PHONE, occurred_at=SUMMER)
    ContactFactory(channel=Channel.EMAIL, occurred_at=SUMMER)
    path = url("contacts:report_quarterly", language, f"?year=2025&quarter=3{shareable}&format=")
    data = frame(staff, path + "csv", language)
    with translation.override(language):
        indicator, value = translation.gettext("indicator"), translation.gettext("value")
    figures = dict(zip(data[indicator], data[value], strict=False))
    email = "<5" if shareable else "1"
    assert (figures[label(Channel.PHONE, language)], figures[label(Channel.EMAIL, language)]) == (
        "6",
        email,
    )
    rows = sheet(staff, path + "xlsx")
    cells = {row[1].value: row[2] for row in rows[1:]}
    assert (
        cells[label(Channel.PHONE, language)].value,
        cells[label(Channel.PHONE, language)].data_type,
    ) == (6, "n")
    assert cells[label(Channel.EMAIL, language)].value == (email if shareable else 1)


def test_the_exports_are_named_for_their_format(staff):
    """The downloads are called .csv and .xlsx, whatever the URL."""
    response = staff.get(url("contacts:report_quarterly", "en", "?year=2025&quarter=3&format=xlsx"))
    assert response["Content-Disposition"] == 'attachment; filename="indicators-2025-q3.xlsx"'
    response = staff.get(url("contacts:case_export_xlsx", "en"))
    assert response["Content-Disposition"] == 'attachment; filename="cases.xlsx"'
