"""The answer clock: a written question starts it, any answer stops it, the first one is kept."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from contacts import services
from contacts.models import Case, Channel, Direction
from contacts.services import working_days_after
from tests.contacts.factories import PersonFactory

pytestmark = pytest.mark.django_db

FRIDAY = timezone.make_aware(datetime(2026, 3, 6, 10, 30))  # Europe/Warsaw, see settings


def ask_by_email(*, case: Case | None = None, person=None, at: datetime) -> Case:
    """An e-mail from the person, filed on `case` or opening a new one."""
    person = person or case.person
    contact = services.case_log_contact(
        case=case,
        person=person,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        summary="Czy mogę dostać dotację?",
        occurred_at=at,
        email_fields={"email_address": person.email, "subject": "Dotacja"},
    )
    return Case.objects.get(pk=contact.case_id)


def answer(case: Case, *, at: datetime, channel: str = Channel.PHONE) -> Case:
    services.case_log_contact(
        case=case,
        channel=channel,
        direction=Direction.OUT,
        summary="Oddzwoniono i wyjaśniono.",
        occurred_at=at,
    )
    return Case.objects.get(pk=case.pk)


def test_working_days_skip_the_weekend():
    """Two working days after a Friday morning is the Tuesday morning."""
    due = working_days_after(FRIDAY, 2)
    assert timezone.localtime(due) == timezone.make_aware(datetime(2026, 3, 10, 10, 30))


def test_a_question_on_saturday_counts_from_monday():
    """A Saturday question has all of Monday and Tuesday: it is due when Wednesday begins."""
    saturday = timezone.make_aware(datetime(2026, 3, 7, 14, 0))
    due = working_days_after(saturday, 2)
    assert timezone.localtime(due) == timezone.make_aware(datetime(2026, 3, 11, 0, 0))


def test_a_web_form_question_starts_the_clock(settings):
    """A case from the public form waits for an answer, due in the target's working days."""
    settings.ANSWER_TARGET_WORKING_DAYS = 2
    case, _created = services.case_submit_public_question(
        name="Ola Nowak",
        email="ola@example.com",
        phone="",
        language="pl",
        topic="work",
        message="Szukam pracy w Kielcach.",
        form_token="clock-token",
    )
    case.refresh_from_db()
    asked = case.contacts.get().occurred_at
    assert case.awaiting_answer_since == asked
    assert case.answer_due_at == working_days_after(asked, 2)
    assert case.first_answer_due_at == case.answer_due_at
    assert case.first_answered_at is None
    assert list(Case.objects.awaiting_answer()) == [case]


def test_an_incoming_email_starts_the_clock():
    """An e-mail opening a case waits from the moment it was written."""
    case = ask_by_email(person=PersonFactory(), at=FRIDAY)
    assert case.awaiting_answer_since == FRIDAY
    assert case.answer_due_at == working_days_after(FRIDAY, 2)
    assert case.first_answer_due_at == case.answer_due_at


def test_a_call_logged_on_a_case_does_not_start_the_clock():
    """A phone question is answered while it happens, so nothing waits."""
    contact = services.case_log_contact(
        person=PersonFactory(), channel=Channel.PHONE, summary="Pyta o kurs.", occurred_at=FRIDAY
    )
    case = Case.objects.get(pk=contact.case_id)
    assert (case.awaiting_answer_since, case.first_answer_due_at) == (None, None)


def test_a_call_back_answers_the_question():
    """An outgoing phone call stops the clock and records the first answer."""
    case = ask_by_email(person=PersonFactory(), at=FRIDAY)
    answered_at = FRIDAY + timedelta(hours=3)
    case = answer(case, at=answered_at)
    assert (case.awaiting_answer_since, case.answer_due_at) == (None, None)
    assert case.first_answered_at == answered_at
    assert not Case.objects.awaiting_answer().exists()


def test_the_first_answer_is_kept_when_more_answers_follow():
    """A second answer leaves first_answered_at where the first one put it."""
    case = ask_by_email(person=PersonFactory(), at=FRIDAY)
    first = FRIDAY + timedelta(hours=1)
    answer(case, at=first)
    case = answer(case, at=FRIDAY + timedelta(days=1), channel=Channel.EMAIL)
    assert case.first_answered_at == first


def test_a_new_email_on_an_answered_case_waits_again():
    """A follow-up e-mail restarts the wait; the first question's figures stay."""
    case = ask_by_email(person=PersonFactory(), at=FRIDAY)
    case = answer(case, at=FRIDAY + timedelta(hours=2))
    first_due, first_answered = case.first_answer_due_at, case.first_answered_at
    later = FRIDAY + timedelta(days=5)
    case = ask_by_email(case=case, at=later)
    assert case.awaiting_answer_since == later
    assert case.answer_due_at == working_days_after(later, 2)
    assert (case.first_answer_due_at, case.first_answered_at) == (first_due, first_answered)
    assert list(Case.objects.awaiting_answer()) == [case]


def test_a_second_email_while_waiting_keeps_the_oldest_wait():
    """Waiting counts from the first unanswered message, not the latest reminder."""
    case = ask_by_email(person=PersonFactory(), at=FRIDAY)
    case = ask_by_email(case=case, at=FRIDAY + timedelta(days=1))
    assert case.awaiting_answer_since == FRIDAY
    assert case.answer_due_at == working_days_after(FRIDAY, 2)


def test_an_email_on_a_closed_case_reopens_it_and_waits():
    """A closed case written to again is open and waiting, so the dashboard shows it."""
    case = ask_by_email(person=PersonFactory(), at=FRIDAY)
    case = answer(case, at=FRIDAY + timedelta(hours=1))
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    case = ask_by_email(case=Case.objects.get(pk=case.pk), at=FRIDAY + timedelta(days=3))
    assert case.status == Case.Status.OPEN
    assert list(Case.objects.awaiting_answer()) == [case]


def test_an_answer_clears_the_new_question_flag():
    """A new question by e-mail is no longer flagged once somebody answers it."""
    case = services.case_open(
        person=None, topics=["work"], channel="email", summary="?", flag=Case.Flag.NEW_QUESTION
    )
    services.case_log_contact(case=case, channel="phone", direction="out", summary="Called.")
    case.refresh_from_db()
    assert case.flag == ""
