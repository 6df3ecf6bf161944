"""Figures for the staff reports: SQL aggregation, a CSV and a server-rendered SVG chart."""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contacts.models import Case, Channel, Contact, Direction, Person, Referral, Topic
from contacts.services import WRITTEN_CHANNELS
from returnportal.csv_export import Month, export_response

# Colours with at least 3:1 contrast on white, told apart by the legend and the table too.
CHANNEL_COLOURS = {
    Channel.PHONE: "#0b4f8a",
    Channel.EMAIL: "#b35900",
    Channel.IN_PERSON: "#2e7d32",
    Channel.WEB_FORM: "#6a1b9a",
}


# Small-number suppression -----------------------------------------------------------------------
SUPPRESS_BELOW = 5
# Shown instead of a median or share computed from fewer than SUPPRESS_BELOW questions; not
# "<5", which next to hours or a percentage would read as a value.
SUPPRESSED = f"n<{SUPPRESS_BELOW}"


# Time to first answer --------------------------------------------------------------------------
@dataclass
class AnswerTimes:
    """How soon the written questions of a period got their first answer.

    A question is a case's first written message in (its first_answer_due_at is set then).
    The share within the target is of the questions that have had their chance: answered,
    or unanswered with the due time passed; an unanswered one not yet due counts nowhere.
    """

    questions: int = 0
    answered: int = 0
    due: int = 0  # answered, or past the due time: what the share is of
    in_time: int = 0
    hours: list[float] = field(default_factory=list)

    def add(self, *, asked: datetime, answered: datetime | None, due: datetime, now) -> None:
        self.questions += 1
        if answered is not None:
            self.answered += 1
            # A call logged with an earlier time than the e-mail still answered it at once.
            self.hours.append(max((answered - asked).total_seconds(), 0) / 3600)
        if answered is not None or due <= now:
            self.due += 1
            if answered is not None and answered <= due:
                self.in_time += 1

    @property
    def median_hours(self) -> float | None:
        return statistics.median(self.hours) if self.hours else None

    @property
    def share(self) -> float | None:
        return self.in_time / self.due if self.due else None

    def median_shown(self) -> str:
        """The median in hours with one decimal, unless fewer than five answers make it."""
        return _suppressed(
            self.answered, self.median_hours, lambda v: formats.number_format(round(v, 1), 1)
        )

    def share_shown(self) -> str:
        """The share in whole percent, unless it is of fewer than five questions."""
        return _suppressed(
            self.due, self.share, lambda v: f"{formats.number_format(round(v * 100), 0)}%"
        )


def _suppressed(base: int, value: float | None, text) -> str:
    # Counted on what the figure is made of, so fewer than five questions always suppress it,
    # and so does a median of three answers among ten questions. Internal reports too: such a
    # figure describes a handful of people rather than the service.
    if value is None:
        return "—"
    if base < SUPPRESS_BELOW:
        return SUPPRESSED
    return text(value)


def answer_target_label() -> str:
    days = settings.ANSWER_TARGET_WORKING_DAYS
    return ngettext(
        "Answered within %(days)s working day (share of the questions answered or past due)",
        "Answered within %(days)s working days (share of the questions answered or past due)",
        days,
    ) % {"days": days}


def _first_questions(start: datetime, end: datetime):
    """(asked, first answered, due) of the first written questions that came in [start, end).

    Three timestamps a case: the median needs every duration, not whole rows.
    """
    asked = (
        Contact.objects.filter(
            case=OuterRef("pk"), direction=Direction.IN, channel__in=WRITTEN_CHANNELS
        )
        .order_by("occurred_at", "pk")
        .values("occurred_at")[:1]
    )
    return (
        # The due time follows the question, which bounds the cases to look at.
        Case.objects.filter(first_answer_due_at__gte=start)
        .annotate(asked_at=Subquery(asked))
        .filter(asked_at__gte=start, asked_at__lt=end)
        .values_list("asked_at", "first_answered_at", "first_answer_due_at")
        .order_by()
    )


def answer_times(*, start: datetime, end: datetime, now: datetime | None = None) -> AnswerTimes:
    """Time to first answer of the written questions that came in [start, end)."""
    now = now or timezone.now()
    times = AnswerTimes()
    for asked, answered, due in _first_questions(start, end):
        times.add(asked=asked, answered=answered, due=due, now=now)
    return times


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class MonthRow:
    month: date
    by_channel: dict[str, int] = field(default_factory=dict)
    by_topic: dict[str, int] = field(default_factory=dict)
    answers: AnswerTimes = field(default_factory=AnswerTimes)

    @property
    def total(self) -> int:
        return sum(self.by_channel.values())

    @property
    def label(self) -> str:
        return formats.date_format(self.month, "YEAR_MONTH_FORMAT")

    def channel_counts(self) -> list[int]:
        return [self.by_channel.get(code, 0) for code in Channel.values]

    def topic_counts(self) -> list[int]:
        return [self.by_topic.get(code, 0) for code in Topic.values]


class Suppressed:
    """What a report's template says about the numbers it hides."""

    suppress_below = SUPPRESS_BELOW
    suppressed_marker = SUPPRESSED


@dataclass
class MonthlyReport(Suppressed):
    year: int
    rows: list[MonthRow]
    answers: AnswerTimes = field(default_factory=AnswerTimes)

    @property
    def answer_target_days(self) -> int:
        return settings.ANSWER_TARGET_WORKING_DAYS

    @property
    def answer_target_label(self) -> str:
        return answer_target_label()

    @property
    def channels(self) -> list[tuple[str, str]]:
        return list(Channel.choices)

    @property
    def topics(self) -> list[tuple[str, str]]:
        return list(Topic.choices)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)


def _month(value) -> date:
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return date(value.year, value.month, 1)


def monthly(*, year: int) -> MonthlyReport:
    """Contacts per month by channel, and by the topics of their cases (a contact counts once
    under each topic of its case)."""
    rows = {month: MonthRow(month=date(year, month, 1)) for month in range(1, 13)}
    contacts = Contact.objects.filter(occurred_at__year=year).annotate(
        month=TruncMonth("occurred_at")
    )
    for month, channel, n in (
        contacts.values_list("month", "channel").annotate(n=Count("pk")).order_by()
    ):
        rows[_month(month).month].by_channel[channel] = n
    for month, topic, n in (
        contacts.filter(case__topic_links__isnull=False)
        .values_list("month", "case__topic_links__topic")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        rows[_month(month).month].by_topic[topic] = n
    now = timezone.now()
    year_answers = AnswerTimes()
    for asked, answered, due in _first_questions(
        _aware(date(year, 1, 1)), _aware(date(year + 1, 1, 1))
    ):
        for times in (rows[_month(asked).month].answers, year_answers):
            times.add(asked=asked, answered=answered, due=due, now=now)
    return MonthlyReport(year=year, rows=list(rows.values()), answers=year_answers)


def monthly_export_response(report: MonthlyReport, *, file_format: str) -> HttpResponse:
    header = (
        [_("month"), _("total")]
        + [f"{_('channel')}: {label}" for label in Channel.labels]
        + [f"{_('topic')}: {label}" for label in Topic.labels]
        + _answer_columns()
    )
    rows = (
        [
            Month.of(row.month),
            row.total,
            *row.channel_counts(),
            *row.topic_counts(),
            *_answer_cells(row.answers),
        ]
        for row in report.rows
    )
    return export_response(
        header, rows, name=f"contacts-{report.year}", file_format=file_format, stream=False
    )


def _answer_columns() -> list[str]:
    return [
        _("written questions"),
        _("answered"),
        _("answered or past due"),
        _("median hours to first answer"),
        answer_target_label(),
    ]


def _answer_cells(times: AnswerTimes) -> list:
    return [
        times.questions,
        times.answered,
        times.due,
        times.median_shown(),
        times.share_shown(),
    ]


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


def bar_chart(report: MonthlyReport, *, width: int = 720, height: int = 260) -> dict:
    """Stacked bars of contacts per month by channel, as coordinates for an SVG template."""
    left, bottom, top = 40, 30, 10
    plot_height = height - bottom - top
    slot = (width - left) / len(report.rows)
    peak = max([row.total for row in report.rows] + [1])
    scale = plot_height / peak
    bars, labels = [], []
    labels_by_code = dict(Channel.choices)
    for i, row in enumerate(report.rows):
        x = left + i * slot + slot * 0.15
        y = top + plot_height
        for code in Channel.values:
            n = row.by_channel.get(code, 0)
            if not n:
                continue
            h = n * scale
            y -= h
            bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(y, 1),
                    width=round(slot * 0.7, 1),
                    height=round(h, 1),
                    colour=CHANNEL_COLOURS[code],
                    title=f"{row.label}: {labels_by_code[code]} {n}",
                )
            )
        labels.append({"x": round(left + i * slot + slot / 2, 1), "text": row.month.strftime("%m")})
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "labels": labels,
        "axis_y": top + plot_height,
        "label_y": height - 10,
        "peak": peak,
        "peak_y": top + 4,
        "legend": [(labels_by_code[code], colour) for code, colour in CHANNEL_COLOURS.items()],
    }


# Quarterly indicators for the funder -----------------------------------------------------------
@dataclass
class Indicator:
    label: str
    value: int

    def shown(self, *, shareable: bool) -> str:
        """The figure, or "<5" for small non-zero counts in the shareable version."""
        return str(self.cell(shareable=shareable))

    def cell(self, *, shareable: bool) -> int | str:
        """The count as a number for a spreadsheet, or the "<5" text where it is hidden."""
        if shareable and 0 < self.value < SUPPRESS_BELOW:
            return f"<{SUPPRESS_BELOW}"
        return self.value


@dataclass
class Figure:
    """A median or a share, already suppressed below five questions in both versions."""

    label: str
    text: str

    def shown(self, *, shareable: bool) -> str:
        return self.text

    def cell(self, *, shareable: bool) -> str:
        return self.text


@dataclass
class QuarterlyReport(Suppressed):
    year: int
    quarter: int
    start: date
    end: date  # exclusive
    sections: list[tuple[str, list["Indicator | Figure"]]]


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end


def quarterly(*, year: int, quarter: int) -> QuarterlyReport:
    """Contacts by channel, people reached by kind, anonymous contacts, referrals, and the
    time to first answer of written questions."""
    start, end = quarter_bounds(year, quarter)
    aware = [_aware(day) for day in (start, end)]
    contacts = Contact.objects.filter(occurred_at__gte=aware[0], occurred_at__lt=aware[1])
    by_channel = dict(contacts.values_list("channel").annotate(n=Count("pk")).order_by())
    reached = dict(
        Person.objects.filter(
            cases__contacts__occurred_at__gte=aware[0], cases__contacts__occurred_at__lt=aware[1]
        )
        .values_list("kind")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    referrals = dict(
        Referral.objects.filter(created_at__gte=aware[0], created_at__lt=aware[1])
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    answers = answer_times(start=aware[0], end=aware[1])
    return QuarterlyReport(
        year=year,
        quarter=quarter,
        start=start,
        end=end,
        sections=[
            (
                _("Contacts by channel"),
                [Indicator(label, by_channel.get(code, 0)) for code, label in Channel.choices]
                + [
                    Indicator(_("All contacts"), sum(by_channel.values())),
                    Indicator(
                        _("Anonymous contacts"), contacts.filter(case__person__isnull=True).count()
                    ),
                ],
            ),
            (
                _("People reached"),
                [Indicator(label, reached.get(code, 0)) for code, label in Person.Kind.choices]
                + [Indicator(_("All people"), sum(reached.values()))],
            ),
            (
                _("Referrals to institutions"),
                [
                    Indicator(label, referrals.get(code, 0))
                    for code, label in Referral.Outcome.choices
                ]
                + [Indicator(_("All referrals"), sum(referrals.values()))],
            ),
            (_("Time to first answer (written questions)"), _answer_indicators(answers)),
        ],
    )


def _answer_indicators(times: AnswerTimes) -> list:
    return [
        Indicator(_("Written questions"), times.questions),
        Indicator(_("Answered"), times.answered),
        Indicator(_("Answered or past due"), times.due),
        Figure(_("Median time to first answer (hours)"), times.median_shown()),
        Figure(answer_target_label(), times.share_shown()),
    ]


def quarterly_export_response(
    report: QuarterlyReport, *, shareable: bool, file_format: str
) -> HttpResponse:
    suffix = "-shareable" if shareable else ""
    rows = (
        [section, indicator.label, indicator.cell(shareable=shareable)]
        for section, indicators in report.sections
        for indicator in indicators
    )
    return export_response(
        [_("section"), _("indicator"), _("value")],
        rows,
        name=f"indicators-{report.year}-q{report.quarter}{suffix}",
        file_format=file_format,
        stream=False,
    )
