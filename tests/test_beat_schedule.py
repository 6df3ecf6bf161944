"""Celery beat's schedule: the periodic work the portal relies on is there, runs real tasks, and
runs often enough (and not absurdly often).

A sweep missing from the schedule leaves every e-mail that met a broker outage in the outbox
for ever; a missing retention run keeps personal data past the privacy notice's periods.
"""

import itertools
from datetime import timedelta

import pytest
from celery.schedules import crontab

from returnportal.celery import app as celery_app

MINUTE, HOUR, DAY = 60, 3600, 86400
# name: (task, the longest allowed gap between runs, the shortest), in seconds
REQUIRED = {
    "outbox-sweep": ("returnportal.mail.tasks.outbox_sweep", 5 * MINUTE, 30),
    "retention": ("returnportal.tasks.retention_apply_task", DAY, DAY),
    "workshops-reminders": ("workshops.tasks.send_reminders", DAY, HOUR),
    "surveys-drafts-purge": ("surveys.tasks.survey_drafts_purge", DAY, 10 * MINUTE),
    "mailbox-import": ("contacts.tasks.mailbox_import_task", 5 * MINUTE, 30),
}
# Tasks of ours that beat does not start, and why.
NOT_PERIODIC = {
    "returnportal.mail.tasks.send_outgoing_email": "queued for each e-mail after commit",
    "returnportal.accounts.tasks.password_reset_send": "queued for each password-reset request",
}
OUR_APPS = ("returnportal.", "contacts.", "workshops.", "surveys.")


@pytest.fixture(scope="module")
def schedule() -> dict:
    celery_app.loader.import_default_modules()
    return celery_app.conf.beat_schedule


def gaps(entry) -> tuple[float, float]:
    """(longest, shortest) time between two runs of a schedule entry, in seconds."""
    when = entry["schedule"]
    if isinstance(when, int | float | timedelta):
        seconds = when.total_seconds() if isinstance(when, timedelta) else float(when)
        return seconds, seconds
    assert isinstance(when, crontab), when
    assert when.day_of_month == set(range(1, 32)) and when.month_of_year == set(range(1, 13))
    assert when.day_of_week == set(range(7)), "every day of the week"
    runs = sorted(h * HOUR + m * MINUTE for h in when.hour for m in when.minute)
    between = [b - a for a, b in itertools.pairwise(runs)] + [DAY - runs[-1] + runs[0]]
    return max(between), min(between)


@pytest.mark.parametrize("name", REQUIRED)
def test_the_periodic_work_is_scheduled_with_a_sane_interval(schedule, name):
    """Each entry is there, names its task, and runs neither too rarely nor too often."""
    assert name in schedule, f"{name} is missing from CELERY_BEAT_SCHEDULE"
    task, longest, shortest = REQUIRED[name]
    assert schedule[name]["task"] == task
    most, least = gaps(schedule[name])
    assert most <= longest, f"{name} may wait {most} s between runs"
    assert least >= shortest, f"{name} runs every {least} s"


def test_every_scheduled_task_is_registered(schedule):
    """Beat sends task names; a name the worker does not know is dropped as unregistered."""
    unknown = {entry["task"] for entry in schedule.values()} - set(celery_app.tasks)
    assert unknown == set()


def test_every_task_of_ours_is_scheduled_or_said_not_to_be(schedule):
    """A new periodic task that nobody put on the schedule fails here."""
    ours = {name for name in celery_app.tasks if name.startswith(OUR_APPS)}
    scheduled = {entry["task"] for entry in schedule.values()}
    assert ours - scheduled - set(NOT_PERIODIC) == set()
    assert set(NOT_PERIODIC) <= ours, "NOT_PERIODIC names a task that no longer exists"


def test_the_reminders_run_while_people_read_their_mail(schedule):
    """The day-before reminders go out in the day, not at night."""
    hours = schedule["workshops-reminders"]["schedule"].hour
    assert hours and min(hours) >= 7 and max(hours) <= 21


@pytest.mark.django_db
def test_the_scheduled_sweep_resends_a_stalled_email(schedule, mailoutbox):
    """The sweep entry starts the real sweep: a row left pending is sent by it."""
    from django.utils import timezone

    from returnportal.mail.models import OutgoingEmail

    row = OutgoingEmail.objects.create(
        to="anna@example.com",
        language="en",
        kind="test",
        subject="Stalled",
        body_text="x",
        body_html="<p>x</p>",
    )
    OutgoingEmail.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(hours=1))
    celery_app.tasks[schedule["outbox-sweep"]["task"]].apply().get()
    assert [m.subject for m in mailoutbox] == ["Stalled"]
