"""Time to first answer in the reports: median, share within the target, small-number suppression."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from contacts import reports, services
from contacts.models import Case, Channel, Direction
from tests.contacts.factories import PersonFactory

pytestmark = pytest.mark.django_db

# A Monday in the first quarter of 2025: two working days later is Wednesday, 48 hours on.
MONDAY = timezone.make_aware(datetime(2025, 3, 3, 9, 0))
Q1 = {"start": timezone.make_aware(datetime(2025, 1, 1)), "end": MONDAY + timedelta(days=40)}
HOUR = timedelta(hours=1)


def english_url(name: str) -> str:
    with translation.override("en"):
        return reverse(name)


def question(*, asked: datetime = MONDAY, answered_after: timedelta | None = None) -> Case:
    """A question by e-mail at `asked`, called back `answered_after` later (or never)."""
    person = PersonFactory()
    case = services.case_open(
        person=person,
        topics=["work"],
        channel=Channel.EMAIL,
        summary="Pytanie.",
        occurred_at=asked,
        email_fields={"email_address": person.email, "subject": "Pytanie"},
    )
    if answered_after is not None:
        services.case_log_contact(
            case=case,
            channel=Channel.PHONE,
            direction=Direction.OUT,
            summary="Oddzwoniono.",
            occurred_at=asked + answered_after,
        )
    return case


@pytest.fixture
def six_questions(settings):
    """Five answered after 1, 2, 4, 10 and 60 hours (the last too late), one never."""
    settings.ANSWER_TARGET_WORKING_DAYS = 2
    for hours in (1, 2, 4, 10, 60):
        question(answered_after=hours * HOUR)
    question()


def test_median_and_share_on_known_data(six_questions):
    """Median of the answers' hours; the share counts the unanswered overdue one against it."""
    times = reports.answer_times(**Q1)
    assert (times.questions, times.answered, times.due, times.in_time) == (6, 5, 6, 4)
    assert times.median_hours == 4.0
    with translation.override("en"):
        assert (times.median_shown(), times.share_shown()) == ("4.0", "67%")


def test_an_unanswered_question_counts_against_the_share_only_once_due(settings):
    """Not yet due, it is left out of the share; past due, it counts as missed."""
    settings.ANSWER_TARGET_WORKING_DAYS = 2
    for hours in (1, 2, 3, 5, 8):
        question(answered_after=hours * HOUR)
    question()
    before_due = reports.answer_times(**Q1, now=MONDAY + 47 * HOUR)
    after_due = reports.answer_times(**Q1, now=MONDAY + 49 * HOUR)
    assert (before_due.due, before_due.share) == (5, 1.0)
    assert (after_due.due, after_due.in_time) == (6, 5)
    with translation.override("en"):
        assert after_due.share_shown() == "83%"


def test_the_median_averages_the_middle_two_of_an_even_count():
    """Six answers: the median lies between the third and the fourth."""
    for hours in (1, 2, 3, 5, 8, 13):
        question(answered_after=hours * HOUR)
    assert reports.answer_times(**Q1).median_hours == 4.0


def test_the_figures_are_rounded_not_cut_off():
    """4.06 hours reads 4.1 and two thirds reads 67%, in each language's number format."""
    times = reports.AnswerTimes(questions=6, answered=5, due=6, in_time=4, hours=[4.06] * 5)
    with translation.override("en"):
        assert (times.median_shown(), times.share_shown()) == ("4.1", "67%")
    with translation.override("pl"):
        assert times.median_shown() == "4,1"


def test_the_clock_starts_at_the_first_written_question_not_at_the_case():
    """A case opened by a call and written to later counts from the e-mail, in its month."""
    person = PersonFactory()
    case = services.case_open(
        person=person,
        topics=["work"],
        channel=Channel.PHONE,
        summary="Telefon.",
        occurred_at=MONDAY - timedelta(days=30),
    )
    services.case_log_contact(
        case=case,
        channel=Channel.EMAIL,
        summary="Dopytuje mailem.",
        occurred_at=MONDAY,
        email_fields={"email_address": person.email},
    )
    services.case_log_contact(
        case=case, channel=Channel.EMAIL, direction="out", summary="Ok.", occurred_at=MONDAY + HOUR
    )
    report = reports.monthly(year=2025)
    assert (report.rows[1].answers.questions, report.rows[2].answers.questions) == (0, 1)
    assert report.rows[2].answers.hours == [1.0]


def test_fewer_than_five_questions_suppress_median_and_share(settings):
    """Four questions: the counts show, the median and the share do not."""
    settings.ANSWER_TARGET_WORKING_DAYS = 2
    for hours in (1, 2, 3, 4):
        question(answered_after=hours * HOUR)
    times = reports.answer_times(**Q1)
    assert times.questions == 4
    assert (times.median_shown(), times.share_shown()) == (reports.SUPPRESSED,) * 2
    assert reports.SUPPRESSED == "n<5"


def test_no_questions_show_no_figures():
    """A period without written questions has nothing to suppress, only nothing to show."""
    times = reports.answer_times(**Q1)
    assert (times.questions, times.median_shown(), times.share_shown()) == (0, "—", "—")


def test_the_monthly_report_and_its_csv_have_the_figures(six_questions, staff_client):
    """The page shows March's figures and the CSV carries them in its own columns."""
    url = english_url("contacts:report_monthly")
    response = staff_client.get(url, {"year": 2025})
    march = response.context["report"].rows[2].answers
    assert (march.questions, march.median_shown(), march.share_shown()) == (6, "4.0", "67%")
    content = response.content.decode()
    assert "Time to first answer" in content
    assert "share of the questions answered or past due" in content
    rows = list(
        csv.reader(
            io.StringIO(staff_client.get(url, {"year": 2025, "format": "csv"}).content.decode())
        )
    )
    header, march_row = rows[0], rows[3]
    assert header[-5:] == [
        "written questions",
        "answered",
        "answered or past due",
        "median hours to first answer",
        "Answered within 2 working days (share of the questions answered or past due)",
    ]
    assert march_row[0] == "2025-03"
    assert march_row[-5:] == ["6", "5", "6", "4.0", "67%"]
    assert rows[1][-5:] == ["0", "0", "0", "—", "—"]


def test_the_quarterly_indicators_and_csv_have_the_figures(six_questions, staff_client):
    """The quarter's section lists the counts, the median and the share, in the CSV too."""
    url = english_url("contacts:report_quarterly")
    response = staff_client.get(url, {"year": 2025, "quarter": 1})
    section, figures = response.context["rows"][-1]
    assert section == "Time to first answer (written questions)"
    assert dict(figures) == {
        "Written questions": "6",
        "Answered": "5",
        "Answered or past due": "6",
        "Median time to first answer (hours)": "4.0",
        "Answered within 2 working days (share of the questions answered or past due)": "67%",
    }
    text = staff_client.get(url, {"year": 2025, "quarter": 1, "format": "csv"}).content.decode()
    assert "Median time to first answer (hours),4.0" in text
    assert "Written questions,6" in text


def test_the_shareable_quarter_suppresses_small_counts_and_figures(staff_client):
    """Shareable: a count of four becomes "<5"; median and share are hidden in both versions."""
    for hours in (1, 2, 3, 4):
        question(answered_after=hours * HOUR)
    url = english_url("contacts:report_quarterly")
    internal = dict(staff_client.get(url, {"year": 2025, "quarter": 1}).context["rows"][-1][1])
    shared = dict(
        staff_client.get(url, {"year": 2025, "quarter": 1, "shareable": "on"}).context["rows"][-1][
            1
        ]
    )
    assert internal["Written questions"] == "4"
    assert internal["Median time to first answer (hours)"] == "n<5"
    assert shared["Written questions"] == "<5"
    assert shared["Median time to first answer (hours)"] == "n<5"
    text = staff_client.get(
        url, {"year": 2025, "quarter": 1, "shareable": "on", "format": "csv"}
    ).content.decode()
    assert "Median time to first answer (hours),n<5" in text
    assert "Written questions,<5" in text
