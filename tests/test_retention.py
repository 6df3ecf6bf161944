"""The retention policy: past each period the data is anonymised, before it nothing changes."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from contacts.models import Contact, MailboxMessage, Person
from returnportal.mail.models import OutgoingEmail
from returnportal.mail.services import email_queue
from returnportal.retention import retention_apply, retention_days, retention_policy
from surveys.models import Response
from tests.contacts.factories import ContactFactory, PersonFactory
from tests.surveys.factories import ResponseFactory
from tests.workshops.factories import RegistrationFactory, WorkshopFactory
from workshops.models import Registration

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(days: float):
    return NOW - timedelta(days=days)


@pytest.fixture
def periods(settings):
    """Short, distinct periods so each kind is tested on its own edge."""
    settings.CASE_NOTES_RETENTION_DAYS = 300
    settings.CONTACTS_RETENTION_DAYS = 200
    settings.WORKSHOP_REGISTRATION_RETENTION_DAYS = 100
    settings.SURVEY_CONTACT_RETENTION_DAYS = 50
    settings.OUTBOX_RETENTION_DAYS = 10
    settings.MAILBOX_RETENTION_DAYS = 20


def test_every_kind_of_data_in_the_policy_has_a_setting(settings):
    """The policy names a setting for each kind, and each setting exists."""
    policy = retention_policy()
    assert set(policy) == {
        "case_notes",
        "inactive_people",
        "workshop_registrations",
        "survey_contact_details",
        "outbox",
        "mailbox",
    }
    assert all(isinstance(getattr(settings, rule.setting), int) for rule in policy.values())


def test_case_notes_are_blanked_past_their_period(periods):
    """Notes older than the period lose their text; the contact itself is still counted."""
    old = ContactFactory(occurred_at=days_ago(301), summary="Dzwoni w sprawie ZUS.")
    Person.objects.filter(pk=old.case.person_id).update(last_activity_at=NOW)
    recent = ContactFactory(occurred_at=days_ago(299), summary="Pyta o kurs.")
    Person.objects.filter(pk=recent.case.person_id).update(last_activity_at=NOW)
    assert retention_apply(now=NOW)["case_notes"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.summary, recent.summary) == ("", "Pyta o kurs.")
    assert Contact.objects.count() == 2
    assert not Contact.history.filter(summary="Dzwoni w sprawie ZUS.").exists()


def test_people_without_activity_are_anonymised_past_their_period(periods):
    """A person silent past the period loses name, e-mail and phone; their contacts stay."""
    quiet = PersonFactory(name="Maria Zielińska", last_activity_at=days_ago(201))
    ContactFactory(case__person=quiet, occurred_at=days_ago(201))
    active = PersonFactory(last_activity_at=days_ago(199))
    assert retention_apply(now=NOW)["inactive_people"] == 1
    quiet.refresh_from_db()
    active.refresh_from_db()
    assert quiet.anonymised_at is not None and "Zielińska" not in quiet.name
    assert active.anonymised_at is None
    assert Contact.objects.filter(case__person=quiet).count() == 1


def test_workshop_registrations_are_erased_past_their_period(periods):
    """Registrations for a workshop long over lose the registrant's data, keep attendance."""
    long_ago = WorkshopFactory(starts_at=days_ago(102), ends_at=days_ago(101))
    recent = WorkshopFactory(starts_at=days_ago(100), ends_at=days_ago(99))
    old = RegistrationFactory(workshop=long_ago, email="stary@example.com", attended=True)
    kept = RegistrationFactory(workshop=recent, email="nowy@example.com")
    assert retention_apply(now=NOW)["workshop_registrations"] == 1
    old.refresh_from_db()
    kept.refresh_from_db()
    assert old.email != "stary@example.com" and old.attended is True
    assert kept.email == "nowy@example.com"
    assert Registration.objects.count() == 2


def test_survey_contact_details_are_erased_past_their_period(periods):
    """Contact details given in the survey go after the period; the answers stay."""
    old = ResponseFactory(
        submitted_at=days_ago(51), contact_consent=True, contact_email="ankieta@example.com"
    )
    recent = ResponseFactory(
        submitted_at=days_ago(49), contact_consent=True, contact_email="swieza@example.com"
    )
    assert retention_apply(now=NOW)["survey_contact_details"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.contact_email, recent.contact_email) == ("", "swieza@example.com")
    assert Response.objects.count() == 2


def test_sent_emails_are_forgotten_past_their_period(periods):
    """Old outbox rows lose recipient and text but keep status; pending rows are left alone."""
    context = {"username": "x", "uid": "MQ", "token": "t"}
    template = "registration/email/password_reset"
    old, recent, pending = (
        email_queue(to=f"{n}@example.com", template=template, context=context, language="pl")
        for n in ("old", "recent", "pending")
    )
    OutgoingEmail.objects.filter(pk=old.pk).update(created_at=days_ago(11), status="sent")
    OutgoingEmail.objects.filter(pk=recent.pk).update(created_at=days_ago(9), status="sent")
    OutgoingEmail.objects.filter(pk=pending.pk).update(created_at=days_ago(11))
    assert retention_apply(now=NOW)["outbox"] == 1
    rows = {e.pk: e for e in OutgoingEmail.objects.all()}
    assert (rows[old.pk].to, rows[old.pk].status) == ("", "sent")
    assert rows[recent.pk].to == "recent@example.com"
    assert rows[pending.pk].to == "pending@example.com"


def test_mailbox_import_rows_forget_the_sender_past_their_period(periods):
    """Old ledger rows lose sender and note but keep their outcome; recent ones stay whole."""

    def imported(uid: int, days: float) -> MailboxMessage:
        return MailboxMessage.objects.create(
            mailbox="INBOX",
            uidvalidity=1,
            uid=uid,
            from_address=f"nadawca{uid}@example.com",
            outcome=MailboxMessage.Outcome.BOUNCE,
            note=f"undeliverable: osoba{uid}@example.com",
            imported_at=days_ago(days),
        )

    old, recent = imported(1, 21), imported(2, 19)
    assert retention_apply(now=NOW)["mailbox"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.from_address, old.note, old.outcome) == ("", "", "bounce")
    assert recent.from_address == "nadawca2@example.com"
    assert recent.note == "undeliverable: osoba2@example.com"


def test_the_command_applies_the_policy(periods, capsys):
    """`manage.py retention_apply` runs the same policy and says what it cleared."""
    ContactFactory(occurred_at=days_ago(400), summary="Stara notatka.")
    call_command("retention_apply")
    assert "case_notes: 1 cleared" in capsys.readouterr().out


def test_the_policy_is_applied_as_of_the_moment_given(periods):
    """retention_apply(now=...) measures every period from that moment, not from the clock:
    a person active today and a workshop that ended today are past their periods in 3 years."""
    person = PersonFactory(last_activity_at=NOW)
    registration = RegistrationFactory(
        workshop=WorkshopFactory(starts_at=days_ago(1), ends_at=days_ago(0.5)),
        email="dzis@example.com",
    )
    cleared = retention_apply(now=NOW + timedelta(days=3 * 365))
    assert (cleared["inactive_people"], cleared["workshop_registrations"]) == (1, 1)
    person.refresh_from_db()
    registration.refresh_from_db()
    assert person.anonymised_at is not None
    assert registration.email != "dzis@example.com"


@pytest.mark.parametrize(
    ("kind", "days"),
    [
        ("case_notes", 1095),
        ("inactive_people", 730),
        ("workshop_registrations", 730),
        ("survey_contact_details", 365),
        ("outbox", 90),
        ("mailbox", 90),
    ],
)
def test_each_period_has_the_default_the_privacy_notice_states(kind, days):
    """The periods in force when nothing is configured (settings.py holds the defaults)."""
    assert retention_days(kind) == days
