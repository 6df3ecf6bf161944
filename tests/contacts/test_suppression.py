"""Small-number suppression: counts of 1 to 4 are hidden where the report is shared, 5 is shown.

Written out value by value, so that weakening the rule (hiding only 1, or also 5) fails here.
Zero is shown as 0 (nobody to identify); a median or share of no answers at all is "—".
"""

import pytest
from django.utils import translation

from contacts import reports
from tests.contacts.test_reports import HOUR, english_url, question

SHAREABLE_COUNT = {0: "0", 1: "<5", 2: "<5", 3: "<5", 4: "<5", 5: "5", 6: "6", 40: "40"}


@pytest.mark.parametrize(("count", "shown"), SHAREABLE_COUNT.items())
def test_shareable_counts_hide_one_to_four(count, shown):
    """In the shareable version a count of 1-4 is "<5"; 0 and 5 upwards are shown."""
    assert reports.Indicator("Written questions", count).shown(shareable=True) == shown


@pytest.mark.parametrize("count", SHAREABLE_COUNT)
def test_internal_counts_are_all_shown(count):
    """The internal version shows every count as it is."""
    assert reports.Indicator("Written questions", count).shown(shareable=False) == str(count)


def answered(n: int) -> reports.AnswerTimes:
    """n written questions, all answered within the target after 2 hours."""
    return reports.AnswerTimes(questions=n, answered=n, due=n, in_time=n, hours=[2.0] * n)


@pytest.mark.parametrize(
    ("n", "median", "share"),
    [
        (0, "—", "—"),
        (1, "n<5", "n<5"),
        (2, "n<5", "n<5"),
        (3, "n<5", "n<5"),
        (4, "n<5", "n<5"),
        (5, "2.0", "100%"),
        (6, "2.0", "100%"),
    ],
)
def test_median_and_share_need_five_questions(n, median, share):
    """A median or share made of 1-4 questions is "n<5" in every version; from 5 it is shown."""
    times = answered(n)
    with translation.override("en"):  # the number format follows the language
        assert (times.median_shown(), times.share_shown()) == (median, share)


@pytest.mark.django_db
@pytest.mark.parametrize(("n", "shown"), [(1, "<5"), (4, "<5"), (5, "5")])
def test_the_shared_quarterly_csv_suppresses_below_five(staff_client, n, shown):
    """End to end: the shareable quarter's CSV hides 1 and 4 written questions, shows 5."""
    for hours in range(1, n + 1):
        question(answered_after=hours * HOUR)
    url = english_url("contacts:report_quarterly")
    text = staff_client.get(
        url, {"year": 2025, "quarter": 1, "shareable": "on", "format": "csv"}
    ).content.decode()
    assert f"Written questions,{shown}\r\n" in text
    median = "n<5" if n < 5 else "3.0"
    assert f"Median time to first answer (hours),{median}\r\n" in text
