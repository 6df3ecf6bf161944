"""The monthly chart's geometry and the answer clock's edges (survivors of `make mutate`)."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone, translation

from contacts import reports
from contacts.models import Channel

WIDTH, HEIGHT = 720, 260
LEFT, BOTTOM, TOP = 40, 30, 10
PLOT = HEIGHT - BOTTOM - TOP  # 220
SLOT = (WIDTH - LEFT) / 12


def year_with(**by_month) -> reports.MonthlyReport:
    rows = [reports.MonthRow(month=date(2025, m, 1)) for m in range(1, 13)]
    for month, channels in by_month.items():
        rows[int(month.removeprefix("m")) - 1].by_channel = channels
    return reports.MonthlyReport(year=2025, rows=rows)


def test_bars_are_stacked_to_scale_in_their_month():
    """March has 3 calls and 1 e-mail (the peak), May 2 visits: heights follow the counts."""
    report = year_with(m3={Channel.PHONE: 3, Channel.EMAIL: 1}, m5={Channel.IN_PERSON: 2})
    with translation.override("en"):
        chart = reports.bar_chart(report)
    assert (chart["width"], chart["height"], chart["peak"]) == (WIDTH, HEIGHT, 4)
    assert (chart["axis_y"], chart["label_y"], chart["peak_y"]) == (TOP + PLOT, HEIGHT - 10, 14)
    phone, email, visits = chart["bars"]
    assert (phone.height, email.height, visits.height) == (165.0, 55.0, 110.0)
    assert phone.y == TOP + PLOT - 165.0 and email.y == TOP  # stacked, the peak fills the plot
    assert visits.y == TOP + PLOT - 110.0
    assert phone.x == email.x == round(LEFT + 2 * SLOT + SLOT * 0.15, 1)
    assert visits.x == round(LEFT + 4 * SLOT + SLOT * 0.15, 1)
    assert phone.width == round(SLOT * 0.7, 1)
    assert (phone.colour, email.colour) == (
        reports.CHANNEL_COLOURS[Channel.PHONE],
        reports.CHANNEL_COLOURS[Channel.EMAIL],
    )
    assert phone.title == "March 2025: Phone 3"
    assert [label["text"] for label in chart["labels"]] == [f"{m:02d}" for m in range(1, 13)]
    assert [label["x"] for label in chart["labels"]] == [
        round(LEFT + i * SLOT + SLOT / 2, 1) for i in range(12)
    ]
    assert chart["legend"][0] == (Channel.PHONE.label, reports.CHANNEL_COLOURS[Channel.PHONE])


def test_an_empty_year_draws_no_bars_and_does_not_divide_by_zero():
    chart = reports.bar_chart(year_with())
    assert chart["bars"] == [] and chart["peak"] == 1 and len(chart["labels"]) == 12


ASKED = timezone.make_aware(datetime(2025, 3, 3, 9, 0))
DUE = ASKED + timedelta(hours=48)


@pytest.mark.parametrize(
    ("answered", "now", "due", "in_time"),
    [
        (DUE, DUE, 1, 1),  # answered at the due time itself: in time
        (DUE + timedelta(seconds=1), DUE, 1, 0),
        (None, DUE, 1, 0),  # unanswered, the due time is now: counts as past due
        (None, DUE - timedelta(seconds=1), 0, 0),  # not yet due: counts nowhere
    ],
)
def test_the_answer_clock_edges(answered, now, due, in_time):
    times = reports.AnswerTimes()
    times.add(asked=ASKED, answered=answered, due=DUE, now=now)
    assert (times.questions, times.due, times.in_time) == (1, due, in_time)
