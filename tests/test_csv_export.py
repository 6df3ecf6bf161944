"""The shared export helpers: pairing rows with their children, formula-safe cells, the CSV's
separator and zone, and the .xlsx file's cell types."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from contacts.models import Case
from returnportal.csv_export import (
    BOM,
    Month,
    csv_delimiter,
    csv_lines,
    in_local_zone,
    merge_children,
    safe_cell,
    xlsx_file,
)


def test_merge_children_pairs_each_parent_with_its_children():
    """Children sorted like their parents land with them; a parent without children gets []."""
    parents = [(1, "a"), (2, "b"), (4, "d")]
    children = [(1, "x"), (1, "y"), (4, "z")]
    assert list(merge_children(parents, children)) == [
        ((1, "a"), [("x",), ("y",)]),
        ((2, "b"), []),
        ((4, "d"), [("z",)]),
    ]


def test_merge_children_skips_children_of_parents_not_exported():
    """A child whose parent is missing (added between the two queries) is skipped, not misfiled."""
    parents = [(5,), (3,), (1,)]
    children = [(6, "new"), (5, "a"), (4, "stray"), (1, "b"), (0, "late")]
    assert list(merge_children(parents, children, descending=True)) == [
        ((5,), [("a",)]),
        ((3,), []),
        ((1,), [("b",)]),
    ]


def test_merge_children_reads_both_streams_lazily():
    """Nothing is read ahead of the row being written: the export streams."""
    read = []

    def stream(rows, name):
        for row in rows:
            read.append(name)
            yield row

    pairs = merge_children(stream([(1,), (2,)], "parent"), stream([(1, "x"), (2, "y")], "child"))
    assert next(pairs) == ((1,), [("x",)])
    assert read == ["child", "parent", "child"]  # the second parent is not read yet


# Formulas a spreadsheet would run: each must keep its defusing quote, the phone rule or not.
REAL_FORMULAS = [
    '=HYPERLINK("http://x.example","a")',
    "=SUM(A1)",
    "+1+cmd|' /C calc'!A0",
    "+48 600 100 200+cmd|' /C calc'!A0",
    "-2+3",
    "+2+3",
    "+48-600",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "+48 600 100 200\n=1+1",
    "+48  600",
    "+48 600 ",
    "+",
]


@pytest.mark.parametrize("formula", REAL_FORMULAS, ids=repr)
def test_safe_cell_defuses_every_real_formula(formula):
    """Text that a spreadsheet would run gets the quote, even when it starts like a phone."""
    assert safe_cell(formula) == f"'{formula}"


def test_safe_cell_defuses_formulas_in_text_only():
    """Text starting like a formula gets a quote; numbers, negative ones too, stay numbers."""
    assert safe_cell("@me") == "'@me"
    assert safe_cell("Kielce") == "Kielce"
    assert safe_cell(-3) == -3
    assert safe_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert safe_cell(None) == ""


@pytest.mark.parametrize("phone", ["+48 41 123 45 67", "+48 600 100 200", "+48600100200"])
def test_a_phone_number_in_international_form_is_written_as_typed(phone):
    """A plus, digits and single spaces: no function, reference or command, so no quote."""
    assert safe_cell(phone) == phone


def read(body: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.removeprefix(BOM)), delimiter=delimiter))


def test_csv_lines_start_with_the_byte_order_mark():
    """Spreadsheets read Polish letters in the file only after a byte-order mark."""
    body = "".join(csv_lines(["miasto"], [["Łódź"], ["=1+1"]], language="en"))
    assert body.startswith(BOM)
    assert read(body, ",") == [["miasto"], ["Łódź"], ["'=1+1"]]


def test_the_separator_and_decimal_mark_follow_the_language():
    """Polish Excel splits on semicolons and reads a comma as the decimal mark; English not."""
    rows = [["a;b", Decimal("1.5"), 2.25, 7]]
    polish = "".join(csv_lines(["x", "y", "z", "n"], rows, language="pl"))
    english = "".join(csv_lines(["x", "y", "z", "n"], rows, language="en"))
    assert read(polish, ";") == [["x", "y", "z", "n"], ["a;b", "1,5", "2,25", "7"]]
    assert read(english, ",") == [["x", "y", "z", "n"], ["a;b", "1.5", "2.25", "7"]]


def test_the_separator_follows_the_active_language():
    """Without a language given, the request's (the active one) decides, at the call."""
    with translation.override("pl"):
        lines = csv_lines(["a", "b"], [[1, 2]])
    with translation.override("en"):
        assert "".join(lines) == BOM + "a;b\r\n1;2\r\n"
    assert csv_delimiter("en-gb") == "," and csv_delimiter("pl") == ";"


WINTER = datetime(2025, 1, 15, 9, 30, tzinfo=UTC)
SUMMER = datetime(2025, 7, 15, 9, 30, tzinfo=UTC)


def test_date_times_are_warsaw_wall_clock_time_in_iso_8601():
    """Winter and summer in one zone, without a mixed offset; dates and months in ISO 8601."""
    rows = [[WINTER, date(2025, 3, 1), Month(2025, 3, 1)], [SUMMER, None, None]]
    body = "".join(csv_lines([in_local_zone("at"), "day", "month"], rows, language="en"))
    assert read(body, ",") == [
        ["at (Europe/Warsaw)", "day", "month"],
        ["2025-01-15T10:30:00", "2025-03-01", "2025-03"],
        ["2025-07-15T11:30:00", "", ""],
    ]


def test_rows_are_translated_in_the_language_of_the_request():
    """A streamed export read after the request's language changed keeps the request's one."""
    with translation.override("pl"):
        lines = csv_lines(["status"], ([Case.Status.OPEN.label] for _ in range(1)))
    with translation.override("en"):
        body = "".join(lines)
    with translation.override("pl"):
        assert read(body, ";")[1] == [str(Case.Status.OPEN.label)]
    assert read(body, ";")[1] != ["Open"]


def workbook_of(header, rows):
    return load_workbook(xlsx_file(header, rows, title="test")).active


def test_the_xlsx_file_has_real_cell_types():
    """Dates as dates (Warsaw time), numbers as numbers, text as text; the header is bold."""
    sheet = workbook_of(
        ["at", "day", "n", "share", "text"],
        [[SUMMER, date(2025, 3, 1), 7, Decimal("1.5"), "Kielce"], [None, None, None, None, ""]],
    )
    header, first, empty = list(sheet.iter_rows())
    assert [c.value for c in header] == ["at", "day", "n", "share", "text"]
    assert header[0].font.b
    assert [c.value for c in first] == [
        datetime(2025, 7, 15, 11, 30),
        datetime(2025, 3, 1),
        7,
        1.5,
        "Kielce",
    ]
    assert [c.data_type for c in first] == ["d", "d", "n", "n", "s"]
    assert [c.number_format for c in first[:2]] == ["yyyy-mm-dd h:mm:ss", "yyyy-mm-dd"]
    assert [c.value for c in empty][:4] == [None] * 4


@pytest.mark.parametrize("formula", [*REAL_FORMULAS, "+48 600 100 200"], ids=repr)
def test_the_xlsx_file_stores_formula_text_as_text(formula):
    """In the workbook nothing typed is a formula: each is a text cell, kept exactly."""
    (cell,) = workbook_of(["x"], [[formula]])["A2:A2"][0]
    # XML reads a carriage return back as a line feed; the text is otherwise unchanged.
    assert (cell.value, cell.data_type) == (formula.replace("\r", "\n"), "s")
    assert cell.quotePrefix


def test_the_xlsx_file_drops_characters_xml_cannot_hold():
    """A control character someone pasted does not break the whole export."""
    (cell,) = workbook_of(["x"], [["a\x00b\x0bc"]])["A2:A2"][0]
    assert cell.value == "abc"
