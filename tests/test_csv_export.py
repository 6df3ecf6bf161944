"""The shared CSV export helpers: pairing rows with their children, and formula-safe cells."""

import csv
import io
from decimal import Decimal

from returnportal.csv_export import BOM, csv_lines, merge_children, safe_cell


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


def test_safe_cell_defuses_formulas_in_text_only():
    """Text starting like a formula gets a quote; numbers, negative ones too, stay numbers."""
    assert safe_cell("=SUM(A1)") == "'=SUM(A1)"
    assert safe_cell("+48 41 123 45 67") == "'+48 41 123 45 67"
    assert safe_cell("@me") == "'@me"
    assert safe_cell("Kielce") == "Kielce"
    assert safe_cell(-3) == -3
    assert safe_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert safe_cell(None) == ""


def test_csv_lines_start_with_the_byte_order_mark():
    """Spreadsheets read Polish letters in the file only after a byte-order mark."""
    body = "".join(csv_lines(["miasto"], [["Łódź"], ["=1+1"]]))
    assert body.startswith(BOM)
    assert list(csv.reader(io.StringIO(body.removeprefix(BOM)))) == [
        ["miasto"],
        ["Łódź"],
        ["'=1+1"],
    ]
