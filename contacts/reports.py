"""Figures for the staff reports: SQL aggregation, a CSV and a server-rendered SVG chart."""

import csv
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from contacts.models import Channel, Contact, Person, Referral, Topic

# Colours with at least 3:1 contrast on white, told apart by the legend and the table too.
CHANNEL_COLOURS = {
    Channel.PHONE: "#0b4f8a",
    Channel.EMAIL: "#b35900",
    Channel.IN_PERSON: "#2e7d32",
    Channel.WEB_FORM: "#6a1b9a",
}


@dataclass
class MonthRow:
    month: date
    by_channel: dict[str, int] = field(default_factory=dict)
    by_topic: dict[str, int] = field(default_factory=dict)

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


@dataclass
class MonthlyReport:
    year: int
    rows: list[MonthRow]

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
    return MonthlyReport(year=year, rows=list(rows.values()))


def monthly_csv_response(report: MonthlyReport) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="contacts-{report.year}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [_("month"), _("total")]
        + [f"{_('channel')}: {code}" for code in Channel.values]
        + [f"{_('topic')}: {code}" for code in Topic.values]
    )
    for row in report.rows:
        writer.writerow(
            [row.month.strftime("%Y-%m"), row.total, *row.channel_counts(), *row.topic_counts()]
        )
    return response


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
SUPPRESS_BELOW = 5


@dataclass
class Indicator:
    label: str
    value: int

    def shown(self, *, shareable: bool) -> str:
        """The figure, or "<5" for small non-zero counts in the shareable version."""
        if shareable and 0 < self.value < SUPPRESS_BELOW:
            return f"<{SUPPRESS_BELOW}"
        return str(self.value)


@dataclass
class QuarterlyReport:
    year: int
    quarter: int
    start: date
    end: date  # exclusive
    sections: list[tuple[str, list[Indicator]]]


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end


def quarterly(*, year: int, quarter: int) -> QuarterlyReport:
    """Contacts by channel, people reached by kind, anonymous contacts and referrals."""
    start, end = quarter_bounds(year, quarter)
    aware = [timezone.make_aware(datetime.combine(day, time.min)) for day in (start, end)]
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
        ],
    )


def quarterly_csv_response(report: QuarterlyReport, *, shareable: bool) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    suffix = "-shareable" if shareable else ""
    response["Content-Disposition"] = (
        f'attachment; filename="indicators-{report.year}-q{report.quarter}{suffix}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow([_("section"), _("indicator"), _("value")])
    for section, indicators in report.sections:
        for indicator in indicators:
            writer.writerow([section, indicator.label, indicator.shown(shareable=shareable)])
    return response
