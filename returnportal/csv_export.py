"""Streamed CSV exports: one shape for every export of the portal.

Rows are produced by generators and sent with StreamingHttpResponse, so 100,000 rows never sit
in memory. Rows that need their children (a case's topics, a response's answers) read them with
a second query in the same order and `merge_children` pairs them up: two queries for ten rows or
for a million, instead of one query per chunk.
"""

import csv
import operator
from collections.abc import Iterable, Iterator, Sequence

from django.http import HttpResponse, StreamingHttpResponse

# Spreadsheet programs read UTF-8 (and so Polish letters) only with a byte-order mark.
BOM = "\ufeff"
# Read from the database this many rows at a time (a server-side cursor on PostgreSQL).
CHUNK_SIZE = 2000
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def safe_cell(value) -> object:
    """Text that a spreadsheet would run as a formula gets a leading quote (CSV injection).

    Only text is touched: numbers (a negative one included) and dates stay as they are.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The header (after the byte-order mark), then one line per row, every cell made safe.

    The header too: survey columns are named after question codes that editors type.
    """
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([safe_cell(value) for value in header])
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def csv_response(lines: Iterator[str], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_file_response(
    header: Sequence[str], rows: Iterable[Sequence], filename: str
) -> HttpResponse:
    """A small export (a report of a few dozen rows) in one response, made safe like the rest."""
    response = HttpResponse(
        "".join(csv_lines(header, rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
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
