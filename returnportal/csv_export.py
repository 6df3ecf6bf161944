"""Spreadsheet exports, CSV and .xlsx: one shape for every export of the portal.

Every export hands its header and rows to `export_response`, which writes them either as CSV or
as an Excel workbook; nothing else in the portal writes a spreadsheet.

- CSV rows are produced by generators and sent with StreamingHttpResponse, so 100,000 rows never
  sit in memory. The file starts with a UTF-8 byte-order mark (Excel reads Polish letters only
  after one), and the separator follows the request's language: `;` in Polish, because Excel set
  to Polish reads `,` as the decimal comma (and writes decimals with it here too), `,` in English.
- The .xlsx workbook is written from the same rows by openpyxl in write-only mode (rows go to a
  temporary file, not to memory) with real cell types: dates as dates, numbers as numbers, and
  every text as a text cell, so that no text, however it starts, is ever stored as a formula.
- Date-times are written in one zone, settings.TIME_ZONE (Europe/Warsaw), as ISO 8601 wall-clock
  time, and the column's header names the zone (`in_local_zone`). The offset is not written in
  each cell: Warsaw has two (+01:00 in winter, +02:00 in summer), and a column mixing them is
  what pandas refuses to parse without `utc=True` and what Excel cannot read as a date at all.
- CSV injection: a text cell that a spreadsheet would run as a formula (one starting with `=`,
  `+`, `-`, `@`, tab or CR) gets a leading quote, visible in the cell but inert. The one
  exception is a phone number in international form (`+48 600 100 200`): a plus, digits and
  single spaces. Excel may read it as a number or as an arithmetic error, but it holds no
  function, reference or command, so it is written as typed; the .xlsx file keeps it as text.

Rows that need their children (a case's topics, a response's answers) read them with a second
query in the same order and `merge_children` pairs them up: two queries for ten rows or for a
million, instead of one query per chunk.
"""

import csv
import operator
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

# Spreadsheet programs read UTF-8 (and so Polish letters) only with a byte-order mark.
BOM = "\ufeff"
# Read from the database this many rows at a time (a server-side cursor on PostgreSQL).
CHUNK_SIZE = 2000
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A phone number in international form: arithmetic on constants at worst, never a formula that
# calls, refers to or sends anything.
PHONE_NUMBER = re.compile(r"\+\d+(?: \d+)*")
# The formats every export offers; the first is the default.
FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MONTH_FORMAT = "yyyy-mm"


class Month(date):
    """A calendar month (its first day), written as YYYY-MM."""

    @classmethod
    def of(cls, day: date) -> "Month":
        return cls(day.year, day.month, 1)

    def isoformat(self) -> str:
        return self.strftime("%Y-%m")


def in_local_zone(label: str) -> str:
    """A date-time column's header, naming the zone its values are written in."""
    return f"{label} ({settings.TIME_ZONE})"


def export_format(value: str | None) -> str | None:
    """The export format a report's `?format=` asks for; None (the page) for anything else."""
    return value if value in FORMATS else None


def _plain(value) -> object:
    """A cell's value: text, a number, a date, a date-time in the export's zone, or None."""
    if value is None or type(value) in (str, int):  # most cells, checked first
        return value
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            return value.astimezone(ZoneInfo(settings.TIME_ZONE)).replace(tzinfo=None)
        return value
    if isinstance(value, (int, float, Decimal, date)):
        return value
    return str(value)  # translated labels, phone numbers, countries


def safe_cell(value) -> object:
    """Text that a spreadsheet would run as a formula gets a leading quote (CSV injection).

    Only text is touched: numbers (a negative one included) and dates stay as they are, and so
    does a phone number in international form (see the module's docstring).
    """
    if value is None:
        return ""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PHONE_NUMBER.fullmatch(value)
    ):
        return f"'{value}"
    return value


def csv_delimiter(language: str | None = None) -> str:
    """`;` for Polish (Excel set to Polish splits on it), `,` for English and the rest."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return ";" if language.split("-")[0] == "pl" else ","


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _csv_cell(value, *, decimal_comma: bool) -> object:
    if type(value) is int:
        return value
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if decimal_comma and isinstance(value, (float, Decimal)):
        return str(value).replace(".", ",")
    return safe_cell(value)


def _rows_in(language: str, rows: Iterable[Sequence]) -> Iterator[Sequence]:
    """The rows, each produced in the language of the request that asked for them.

    A streamed export is read after the view has returned; translated labels in the rows must
    not depend on what the thread has activated since.
    """
    rows = iter(rows)
    while True:
        with translation.override(language):
            row = next(rows, None)
            if row is None:
                return
            yield [_plain(value) for value in row]


def csv_lines(
    header: Sequence[str], rows: Iterable[Sequence], *, language: str | None = None
) -> Iterator[str]:
    """The header (after the byte-order mark), then one line per row, every cell made safe.

    The header too: survey columns are named after question codes that editors type. The
    separator and the decimal mark follow `language` (the active language by default), decided
    now, not when the stream is read.
    """
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    delimiter = csv_delimiter(language)
    writer = csv.writer(_Echo(), delimiter=delimiter)
    decimal_comma = delimiter == ";"

    def lines() -> Iterator[str]:
        yield BOM + writer.writerow([safe_cell(str(value)) for value in header])
        for row in _rows_in(language, rows):
            yield writer.writerow([_csv_cell(value, decimal_comma=decimal_comma) for value in row])

    return lines()


def _xlsx_cell(sheet, value, *, bold: bool = False) -> object:
    """What to append for one cell: the value itself, or a cell where the value alone would be
    stored wrong.

    Numbers, dates and date-times go in as they are (openpyxl gives dates its date formats); a
    cell object for each of 100,000 rows made the workbook several times slower.
    """
    if isinstance(value, Month):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_MONTH_FORMAT
        return cell
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not bold and not value.startswith(FORMULA_STARTS):
        return value
    # Text whatever it starts with: openpyxl would store "=…" as a formula. The quote prefix
    # keeps Excel treating it as text even after someone edits the cell.
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = value.startswith(FORMULA_STARTS)
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_file(header: Sequence[str], rows: Iterable[Sequence], *, title: str):
    """An .xlsx workbook of one sheet, header row frozen, in a temporary file opened at 0."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "-", title)[:31] or "export")
    sheet.freeze_panes = "A2"
    language = translation.get_language() or settings.LANGUAGE_CODE
    sheet.append([_xlsx_cell(sheet, str(value), bold=True) for value in header])
    for row in _rows_in(language, rows):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it when sent
    workbook.save(handle)
    handle.seek(0)
    return handle


def export_response(
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    name: str,
    file_format: str = "csv",
    stream: bool = True,
) -> HttpResponse:
    """The rows as a download named `name.csv` or `name.xlsx`, made safe the same way.

    `stream=False` sends a small export (a report of a few dozen rows) in one response.
    """
    if file_format == "xlsx":
        return FileResponse(
            xlsx_file(header, rows, title=name),
            as_attachment=True,
            filename=f"{name}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )
    lines = csv_lines(header, rows)
    content_type = "text/csv; charset=utf-8"
    if stream:
        response = StreamingHttpResponse(lines, content_type=content_type)
    else:
        response = HttpResponse("".join(lines), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def merge_children(
    parents: Iterable[tuple], children: Iterable[tuple], *, descending: bool = False
) -> Iterator[tuple[tuple, list[tuple]]]:
    """Pair each parent row with its children; both streams sorted by the parent's id.

    A parent's id is its first column, a child's parent id its first column too; the pairs
    carry the children without that column. A child whose parent is not among the parents (one
    added between the two queries) is skipped.
    """
    comes_before = operator.gt if descending else operator.lt
    children = iter(children)
    child = next(children, None)
    for parent in parents:
        key = parent[0]
        while child is not None and comes_before(child[0], key):
            child = next(children, None)
        own = []
        while child is not None and child[0] == key:
            own.append(child[1:])
            child = next(children, None)
        yield parent, own
