"""Writes that two requests may race: the loser of a unique constraint takes the winner's row.

A double click, two workers or two people typing the same address at once all end the same
way: the database's unique constraint lets one insert through, and the other finds that row
instead of failing. The insert runs in a savepoint so that the caller's transaction survives.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

Row = TypeVar("Row")


def created_or_winner(
    create: Callable[[], Row], winner: Callable[[], Row | None]
) -> tuple[Row, bool]:
    """(the row `create()` stored, True), or (the row a racing write stored first, False).

    `winner()` looks the other row up after an `IntegrityError`; when it finds none, the error
    was not a race and is raised.
    """
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        found = winner()
        if found is None:
            raise
        return found, False
