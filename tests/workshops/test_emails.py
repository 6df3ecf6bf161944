"""Tests of the e-mails: every kind in both languages, text and HTML, with the right links."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from returnportal.mail.models import OutgoingEmail
from tests.factories import StaffUserFactory
from tests.workshops.factories import (
    InterestSubscriptionFactory,
    RegistrationFactory,
    WorkshopFactory,
    register_and_confirm,
)
from workshops import services

pytestmark = pytest.mark.django_db


def make_every_kind(language: str) -> None:
    """Produce one e-mail of each kind for a registrant writing in `language`."""
    workshop = WorkshopFactory(capacity=1, online_url="https://meet.example/abc", venue="")
    holder = register_and_confirm(
        workshop_id=workshop.pk,
        name="Holder",
        email="holder@example.org",
        participant_type="migrant",
        language=language,
    )
    waiting = register_and_confirm(
        workshop_id=workshop.pk,
        name="Waiting",
        email="waiting@example.org",
        participant_type="migrant",
        language=language,
    )
    services.registration_resend_link(registration=waiting)
    services.registration_cancel(registration=holder)
    by_mistake = RegistrationFactory(language=language)
    services.registration_cancel(registration=by_mistake, by_staff=StaffUserFactory())
    services.registration_cancel_undo(registration=by_mistake)
    soon = WorkshopFactory(starts_at=timezone.localtime() + timedelta(days=1))
    RegistrationFactory(workshop=soon, language=language)
    services.registration_send_reminders()
    services.workshop_cancel(workshop=workshop)
    InterestSubscriptionFactory(language=language, topic="funding")
    services.interest_subscribe(
        email="new@example.org", topic="skills", audience="both", language=language
    )
    services.workshop_publish(workshop=WorkshopFactory(status="draft", topic="funding"))


KINDS = {
    "confirm",
    "confirmation",
    "waiting",
    "link",
    "cancelled",
    "cancelled_by_staff",
    "restored",
    "promoted",
    "reminder",
    "workshop_cancelled",
    "subscribed",
    "invitation",
}


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_kind_renders_text_and_html(language):
    """Each e-mail kind has a subject, a text and an HTML body, in the recipient's language."""
    make_every_kind(language)
    emails = OutgoingEmail.objects.all()
    assert {e.kind for e in emails} == KINDS
    for email in emails:
        assert email.language == language
        assert email.subject and email.body_text.strip() and "<html" in email.body_html
        assert "{%" not in email.body_text + email.body_html


def test_polish_subjects_are_polish():
    """A Polish registrant gets Polish subjects."""
    make_every_kind("pl")
    subject = OutgoingEmail.objects.get(kind="confirmation").subject
    assert subject.startswith("Potwierdzamy")


def test_text_bodies_are_not_html_escaped():
    """Plain-text bodies keep quotes and ampersands as they are."""
    workshop = WorkshopFactory(title="Grants & loans: “what's new”")
    services.registration_create(
        workshop_id=workshop.pk,
        name="O'Brien",
        email="ob@example.org",
        participant_type="migrant",
        language="en",
    )
    body = OutgoingEmail.objects.get().body_text
    assert "Grants & loans: “what's new”" in body
    assert "O'Brien" in body


def test_waiting_mail_states_the_position():
    """The waiting-list e-mail says the person's place in the queue."""
    workshop = WorkshopFactory(capacity=1)
    RegistrationFactory.create_batch(2, workshop=workshop)
    RegistrationFactory(workshop=workshop, status="waiting")
    register_and_confirm(
        workshop_id=workshop.pk,
        name="Late",
        email="late@example.org",
        participant_type="migrant",
        language="en",
    )
    assert "number 2 on the waiting list" in OutgoingEmail.objects.get(kind="waiting").body_text


def test_online_link_goes_only_to_confirmed_registrants(django_capture_on_commit_callbacks):
    """The meeting link is in the confirmation and its .ics, not in the waiting-list e-mail."""
    workshop = WorkshopFactory(capacity=1, venue="", online_url="https://meet.example/secret")
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("a@example.org", "b@example.org"):
            register_and_confirm(
                workshop_id=workshop.pk,
                name="X",
                email=email,
                participant_type="migrant",
                language="en",
            )
    confirm_a, confirmation, confirm_b, waiting = mail.outbox
    assert "https://meet.example/secret" not in confirm_a.body + confirm_b.body
    assert "https://meet.example/secret" in confirmation.body
    assert "https://meet.example/secret" in confirmation.attachments[0][1]
    assert "https://meet.example/secret" not in waiting.body


def test_promotion_mail_has_the_calendar_file(django_capture_on_commit_callbacks):
    """The promoted person gets the .ics with their seat."""
    workshop = WorkshopFactory(capacity=1)
    holder = RegistrationFactory(workshop=workshop)
    RegistrationFactory(workshop=workshop, status="waiting", email="next@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=holder)
    promoted = next(m for m in mail.outbox if m.to == ["next@example.org"])
    assert promoted.attachments[0][0].endswith(".ics")


def test_workshop_cancelled_mail_carries_a_cancelling_ics():
    """The cancellation notice's calendar file removes the event (METHOD:CANCEL)."""
    registration = RegistrationFactory()
    services.workshop_cancel(workshop=registration.workshop)
    attachment = OutgoingEmail.objects.get(kind="workshop_cancelled").attachments[0]
    assert "METHOD:CANCEL" in attachment["content"]
    assert "STATUS:CANCELLED" in attachment["content"]
