"""`created_or_winner`: the loser of a unique constraint takes the winner's row, in a savepoint."""

import pytest
from django.db import IntegrityError
from django.utils import timezone

from returnportal.concurrency import created_or_winner
from returnportal.pages.models import DailyPageVisit

pytestmark = pytest.mark.django_db


def _create(count: int = 1):
    return lambda: DailyPageVisit.objects.create(date=timezone.localdate(), path="/", count=count)


def _stored():
    return DailyPageVisit.objects.filter(date=timezone.localdate(), path="/").first()


def test_the_first_write_is_stored_and_says_so():
    row, created = created_or_winner(_create(), _stored)
    assert created is True
    assert row.pk == _stored().pk


def test_a_write_that_lost_the_race_returns_the_winners_row_and_the_transaction_goes_on():
    winner = _create(count=7)()
    row, created = created_or_winner(_create(count=1), _stored)
    assert (row.pk, row.count, created) == (winner.pk, 7, False)
    # The savepoint kept the caller's transaction usable.
    assert DailyPageVisit.objects.count() == 1


def test_an_integrity_error_with_no_winner_is_not_a_race_and_is_raised():
    with pytest.raises(IntegrityError):
        created_or_winner(lambda: DailyPageVisit.objects.create(date=None, path="/"), _stored)
