"""Survey results by SQL aggregation: a fixed number of queries however many responses there are."""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, FilteredRelation, Q, QuerySet, Window
from django.db.models.functions import ExtractYear, RowNumber
from django.utils.translation import gettext as _
from django_countries import countries

from surveys.models import Answer, Question, Response

TEXT_SAMPLE = 5
HISTOGRAM_BINS = 10

# Chart geometry (SVG user units); the templates only print these numbers.
BAR_ROW = 38
BAR_MAX = 300
COLUMN_HEIGHT = 160
COLUMN_WIDTH = 360


@dataclass
class Bar:
    label: str
    count: int
    percent: float
    code: str = ""
    # The short label under a histogram column (a bin's lower bound).
    tick: str = ""
    # Geometry for the SVG.
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    chart: str = ""  # "bars", "columns", "texts" or "" (nothing to draw)
    bars: list[Bar] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    more_texts: bool = False
    chart_height: int = 0


def _percent(count: int, base: int) -> float:
    return round(100 * count / base, 1) if base else 0.0


def _layout_bars(bars: list[Bar]) -> int:
    for i, bar in enumerate(bars):
        bar.y = i * BAR_ROW
        bar.width = round(BAR_MAX * bar.percent / 100, 1)
    return max(len(bars) * BAR_ROW, BAR_ROW)


def _layout_columns(bars: list[Bar]) -> int:
    most = max((b.count for b in bars), default=0) or 1
    step = COLUMN_WIDTH / max(len(bars), 1)
    for i, bar in enumerate(bars):
        bar.tick = bar.tick or bar.label.split("\u2013")[0]
        bar.height = round(COLUMN_HEIGHT * bar.count / most, 1)
        bar.x = round(i * step, 1)
        bar.width = round(step * 0.8, 1)
        bar.y = round(COLUMN_HEIGHT - bar.height, 1)
    return COLUMN_HEIGHT


def _number_bins(question: Question, counts: dict[int, int], answered: int) -> list[Bar]:
    if question.type == Question.Type.SCALE:
        values = range(1, 6)
        return [Bar(str(v), counts.get(v, 0), _percent(counts.get(v, 0), answered)) for v in values]
    if not counts:
        return []
    low, high = min(counts), max(counts)
    if high - low < HISTOGRAM_BINS:
        return [
            Bar(str(v), counts.get(v, 0), _percent(counts.get(v, 0), answered))
            for v in range(low, high + 1)
        ]
    width = math.ceil((high - low + 1) / HISTOGRAM_BINS)
    bins: dict[int, int] = defaultdict(int)
    for value, n in counts.items():
        bins[(value - low) // width] += n
    return [
        Bar(
            f"{low + i * width}\u2013{low + (i + 1) * width - 1}",
            bins.get(i, 0),
            _percent(bins.get(i, 0), answered),
        )
        for i in range(HISTOGRAM_BINS)
        if low + i * width <= high
    ]


def survey_results(
    *, questions: list[Question], responses: QuerySet[Response]
) -> tuple[int, list[QuestionResult]]:
    """The number of responses and each question's figures, in seven queries."""
    total = responses.count()
    answers = Answer.objects.filter(response__in=responses)
    T = Question.Type

    by_option: dict[int, dict[int | None, int]] = defaultdict(dict)
    for row in answers.values("question_id", "option_id").annotate(n=Count("id")).order_by():
        by_option[row["question_id"]][row["option_id"]] = row["n"]

    respondents = {
        row["question_id"]: row["n"]
        for row in answers.filter(question__type=T.MULTIPLE)
        .values("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    }

    numbers: dict[int, dict[int, int]] = defaultdict(dict)
    for row in (
        answers.filter(number__isnull=False)
        .values("question_id", "number")
        .annotate(n=Count("id"))
        .order_by()
    ):
        numbers[row["question_id"]][row["number"]] = row["n"]

    years: dict[int, dict[int, int]] = defaultdict(dict)
    for row in (
        answers.filter(month_year__isnull=False)
        .values("question_id", year=ExtractYear("month_year"))
        .annotate(n=Count("id"))
        .order_by()
    ):
        years[row["question_id"]][row["year"]] = row["n"]

    country_counts: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in (
        answers.filter(question__type=T.COUNTRY)
        .values("question_id", "text")
        .annotate(n=Count("id"))
        .order_by("question_id", "-n", "text")
    ):
        country_counts[row["question_id"]].append((row["text"], row["n"]))

    # The latest few free texts of every text question and "other" answer, in one query.
    texts: dict[int, list[str]] = defaultdict(list)
    sample = (
        answers.filter(
            Q(question__type__in=Question.TEXT_TYPES)
            | Q(question__type__in=Question.CHOICE_TYPES, option__isnull=True)
        )
        .exclude(text="")
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("question_id")], order_by=F("id").desc())
        )
        .filter(rank__lte=TEXT_SAMPLE + 1)
        .values_list("question_id", "text")
    )
    for question_id, text in sample:
        texts[question_id].append(text)

    results = []
    for question in questions:
        result = QuestionResult(question=question)
        counts = by_option.get(question.pk, {})
        if question.type == T.MULTIPLE:
            result.answered = respondents.get(question.pk, 0)
        else:
            result.answered = sum(counts.values())
        if question.is_choice:
            result.chart = "bars"
            result.bars = [
                Bar(
                    o.text,
                    counts.get(o.pk, 0),
                    _percent(counts.get(o.pk, 0), result.answered),
                    o.code,
                )
                for o in question.options.all()
            ]
            if question.allow_other:
                n = counts.get(None, 0)
                result.bars.append(Bar(_("Other"), n, _percent(n, result.answered), "other"))
        elif question.type in Question.NUMBER_TYPES:
            result.chart = "columns"
            result.bars = _number_bins(question, numbers.get(question.pk, {}), result.answered)
        elif question.type == T.MONTH_YEAR:
            result.chart = "columns"
            per_year = years.get(question.pk, {})
            result.bars = [
                Bar(str(y), n, _percent(n, result.answered)) for y, n in sorted(per_year.items())
            ]
        elif question.type == T.COUNTRY:
            result.chart = "bars"
            names = dict(countries)
            result.bars = [
                Bar(str(names.get(code, code)), n, _percent(n, result.answered), code)
                for code, n in country_counts.get(question.pk, [])
            ]
        if question.type in Question.TEXT_TYPES or question.allow_other:
            found = texts.get(question.pk, [])
            result.texts = found[:TEXT_SAMPLE]
            result.more_texts = len(found) > TEXT_SAMPLE
            if question.type in Question.TEXT_TYPES:
                result.chart = "texts"
        if result.chart == "bars":
            result.chart_height = _layout_bars(result.bars)
        elif result.chart == "columns":
            result.chart_height = _layout_columns(result.bars)
        results.append(result)
    return total, results


@dataclass
class CrossTab:
    rows: Question
    columns: Question
    # One row per option of `rows`: (option, [(count, row percent) per option of `columns`], total)
    table: list[tuple] = field(default_factory=list)


def survey_crosstab(
    *, responses: QuerySet[Response], rows: Question, columns: Question
) -> CrossTab:
    """How the answers to two choice questions combine, in one query."""
    pairs = (
        responses.annotate(
            a=FilteredRelation("answers", condition=Q(answers__question=rows)),
            b=FilteredRelation("answers", condition=Q(answers__question=columns)),
        )
        .filter(a__option__isnull=False, b__option__isnull=False)
        .values("a__option_id", "b__option_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {(p["a__option_id"], p["b__option_id"]): p["n"] for p in pairs}
    crosstab = CrossTab(rows=rows, columns=columns)
    column_options = list(columns.options.all())
    for option in rows.options.all():
        cells = [counts.get((option.pk, c.pk), 0) for c in column_options]
        row_total = sum(cells)
        crosstab.table.append((option, [(n, _percent(n, row_total)) for n in cells], row_total))
    return crosstab


def country_codes(responses: QuerySet[Response]) -> list[str]:
    """Countries of stay that occur in these responses (for the filter)."""
    return list(
        responses.exclude(country_of_stay="")
        .order_by("country_of_stay")
        .values_list("country_of_stay", flat=True)
        .distinct()
    )
