import csv
import io
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from surveys.models import Draft, Response
from surveys.results import survey_crosstab, survey_results
from surveys.services import response_submit

ANSWERS = [
    {
        "single": "a",
        "multiple": ["x", "y"],
        "number": 3,
        "scale": 5,
        "country": "DE",
        "short": "Jeden",
        "why_a": "Bo",
    },
    {
        "single": "b",
        "multiple": ["x"],
        "number": 50,
        "scale": 4,
        "country": "GB",
        "when": "2027-03",
    },
    {
        "single": "__other__",
        "single__other": "Coś",
        "multiple": ["__other__"],
        "multiple__other": "Inne coś",
    },
]


def submit(survey, data, language="pl"):
    draft = Draft.objects.create(survey=survey, data=data)
    return response_submit(draft=draft, language=language)


@pytest.fixture
def answered(every_type_survey):
    for data in ANSWERS:
        submit(every_type_survey, data)
    return every_type_survey


def result_for(results, code):
    return next(r for r in results if r.question.code == code)


def test_counts_and_percentages(answered):
    """Choice counts and percentages are of those who answered the question."""
    total, results = survey_results(
        questions=list(answered.questions()), responses=Response.objects.filter(survey=answered)
    )
    assert total == 3
    single = result_for(results, "single")
    assert single.answered == 3
    assert [(b.code, b.count, b.percent) for b in single.bars] == [
        ("a", 1, 33.3),
        ("b", 1, 33.3),
        ("other", 1, 33.3),
    ]
    multiple = result_for(results, "multiple")
    assert multiple.answered == 3
    assert [(b.code, b.count) for b in multiple.bars] == [
        ("x", 2),
        ("y", 1),
        ("z", 0),
        ("other", 1),
    ]
    assert multiple.texts == ["Inne coś"]


def test_numbers_make_a_histogram_and_texts_a_list(answered):
    """Whole numbers and scales are binned; free texts are listed."""
    _total, results = survey_results(
        questions=list(answered.questions()), responses=Response.objects.filter(survey=answered)
    )
    scale = result_for(results, "scale")
    assert [(b.label, b.count) for b in scale.bars] == [
        ("1", 0),
        ("2", 0),
        ("3", 0),
        ("4", 1),
        ("5", 1),
    ]
    number = result_for(results, "number")
    assert number.chart == "columns"
    assert sum(b.count for b in number.bars) == 2
    assert len(number.bars) == 10
    assert result_for(results, "short").texts == ["Jeden"]
    assert [(b.code, b.count) for b in result_for(results, "country").bars] == [
        ("DE", 1),
        ("GB", 1),
    ]
    assert [(b.label, b.count) for b in result_for(results, "when").bars] == [("2027", 1)]


def test_filters_narrow_the_responses(answered, client, staff_user):
    """The language filter counts only responses in that language."""
    submit(answered, {"single": "b"}, language="en")
    client.force_login(staff_user)
    page = client.get(
        reverse("surveys:results", kwargs={"slug": answered.slug}), {"language": "en"}
    )
    assert page.context["total"] == 1
    page = client.get(reverse("surveys:results", kwargs={"slug": answered.slug}), {"country": "DE"})
    assert page.context["total"] == 1


def test_date_filter_includes_whole_local_days(every_type_survey):
    """Dates filter on whole days in the portal's time zone, both ends included."""
    zone = timezone.get_current_timezone()
    for moment in ("2026-03-01 00:30", "2026-03-02 23:59", "2026-03-03 00:00"):
        response = submit(every_type_survey, {"single": "b"})
        response.submitted_at = datetime.strptime(moment, "%Y-%m-%d %H:%M").replace(tzinfo=zone)
        response.save()
    found = Response.objects.filtered(date_from=date(2026, 3, 1), date_to=date(2026, 3, 2))
    assert found.count() == 2


def test_crosstab_counts_pairs(answered):
    """The cross-tabulation counts responses by the options of two questions."""
    questions = {q.code: q for q in answered.questions()}
    table = survey_crosstab(
        responses=Response.objects.filter(survey=answered),
        rows=questions["single"],
        columns=questions["multiple"],
    ).table
    counts = {option.code: [n for n, _pct in cells] for option, cells, _total in table}
    assert counts == {"a": [1, 1, 0], "b": [1, 0, 0]}


def results_queries(client, survey) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse("surveys:results", kwargs={"slug": survey.slug}),
            {"rows": "single", "columns": "multiple"},
        )
    assert response.status_code == 200
    return len(queries)


def test_results_page_runs_a_constant_number_of_queries(every_type_survey, client, staff_user):
    """The results page needs as many queries for 30 responses as for 3."""
    client.force_login(staff_user)
    for data in ANSWERS:
        submit(every_type_survey, data)
    small = results_queries(client, every_type_survey)
    for _round in range(9):
        for data in ANSWERS:
            submit(every_type_survey, data)
    assert Response.objects.count() == 30
    assert results_queries(client, every_type_survey) == small


def read_csv(response) -> list[list[str]]:
    """The rows of a Polish export: after the byte-order mark, separated by semicolons."""
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))


def test_export_has_one_row_per_response_and_column_per_option(answered, client, staff_user):
    """The CSV: BOM, one row per response, a column per question and per multiple option."""
    client.force_login(staff_user)
    response = client.get(reverse("surveys:export", kwargs={"slug": answered.slug}))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = read_csv(response)
    assert header == [
        "response_id", "submitted_at (Europe/Warsaw)", "language", "country_of_stay",
        "single", "single__other",
        "multiple__x", "multiple__y", "multiple__z", "multiple__other",
        "short", "long", "number", "when", "country", "scale", "why_a",
    ]  # fmt: skip
    assert len(rows) == 3
    first, second, third = (dict(zip(header, row, strict=True)) for row in rows)
    assert (first["single"], first["multiple__x"], first["multiple__z"]) == ("a", "1", "0")
    assert (first["number"], first["scale"], first["country_of_stay"]) == ("3", "5", "DE")
    assert (second["when"], second["multiple__y"], second["why_a"]) == ("2027-03", "0", "")
    assert (third["single"], third["single__other"], third["multiple__other"]) == (
        "other",
        "Coś",
        "Inne coś",
    )
    assert third["number"] == ""


def export_queries(client, survey) -> tuple[int, int]:
    """(queries, rows) of one export of the survey's responses."""
    with CaptureQueriesContext(connection) as queries:
        rows = read_csv(client.get(reverse("surveys:export", kwargs={"slug": survey.slug})))
    return len(queries), len(rows) - 1


def test_export_queries_do_not_grow_with_rows(every_type_survey, client, staff_user, monkeypatch):
    """Responses and their answers are read side by side: as many queries for 3 as for 30.

    The chunk is made tiny so that 30 responses span 15 chunks of the server-side cursor.
    """
    monkeypatch.setattr("surveys.export.CHUNK_SIZE", 2)
    client.force_login(staff_user)
    for data in ANSWERS:
        submit(every_type_survey, data)
    small, rows = export_queries(client, every_type_survey)
    assert rows == 3
    for _round in range(9):
        for data in ANSWERS:
            submit(every_type_survey, data)
    assert export_queries(client, every_type_survey) == (small, 30)


def test_export_defuses_formulas_in_free_text(every_type_survey, client, staff_user):
    """A free-text answer that a spreadsheet would run as a formula is exported as text."""
    submit(every_type_survey, {"single": "b", "short": '=HYPERLINK("http://x.example")'})
    client.force_login(staff_user)
    header, row = read_csv(client.get(reverse("surveys:export", args=[every_type_survey.slug])))
    assert dict(zip(header, row, strict=True))["short"] == '\'=HYPERLINK("http://x.example")'


def test_codebook_lists_columns_and_option_codes(answered, client, staff_user):
    """The codebook names every export column and the codes of single-choice answers."""
    client.force_login(staff_user)
    response = client.get(reverse("surveys:codebook", kwargs={"slug": answered.slug}))
    header, *rows = read_csv(response)
    assert header[:2] == ["column", "question"]
    columns = {row[0] for row in rows}
    assert {"single", "single__other", "multiple__x", "when", "why_a"} <= columns
    values = [row[6] for row in rows if row[0] == "single"]
    assert values == ["a", "b", "other"]


def test_text_answers_page_is_paginated(every_type_survey, client, staff_user):
    """All free-text answers to a question are listed, a page at a time."""
    for i in range(55):
        submit(every_type_survey, {"short": f"Tekst {i}"})
    client.force_login(staff_user)
    url = reverse("surveys:text_answers", kwargs={"slug": every_type_survey.slug, "code": "short"})
    first = client.get(url)
    assert len(first.context["page_obj"]) == 50
    assert len(client.get(url, {"page": 2}).context["page_obj"]) == 5


STAFF_PAGES = ["results", "export", "codebook", "staff_list"]


def staff_url(name, survey):
    return reverse(f"surveys:{name}", kwargs={} if name == "staff_list" else {"slug": survey.slug})


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_refuse_a_signed_in_user_without_the_role(answered, client, other_user, name):
    """Signed-in users without the staff role get 403."""
    client.force_login(other_user)
    assert client.get(staff_url(name, answered)).status_code == 403


def test_results_page_without_responses(returnee_survey, client, staff_user):
    """A survey nobody has answered yet shows zeros, not an error."""
    client.force_login(staff_user)
    response = client.get(reverse("surveys:results", kwargs={"slug": returnee_survey.slug}))
    assert response.status_code == 200
    assert response.context["total"] == 0


def test_bad_filter_values_are_reported_not_fatal(answered, client, staff_user):
    """An impossible date or language is shown as a field error (a 400) and filters nothing."""
    client.force_login(staff_user)
    response = client.get(
        reverse("surveys:results", kwargs={"slug": answered.slug}),
        {"date_from": "2026-02-31", "language": "xx"},
    )
    assert response.status_code == 400
    assert set(response.context["filter_form"].errors) == {"date_from", "language"}
    assert response.context["total"] == 3


def test_export_follows_the_filters(answered, client, staff_user):
    """The CSV holds only the responses the filters select."""
    client.force_login(staff_user)
    response = client.get(
        reverse("surveys:export", kwargs={"slug": answered.slug}), {"country": "GB"}
    )
    _header, *rows = read_csv(response)
    assert len(rows) == 1
    assert rows[0][3] == "GB"
