"""E-mail in the privacy tools: the export shows it, erasure and retention leave none of it."""

import json
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from contacts import personal_data as privacy
from contacts import services
from contacts.models import Contact, ContactAttachment, MailboxMessage, Person
from returnportal.mail.models import OutgoingEmail
from returnportal.mail.services import email_queue
from tests.contacts.factories import PersonFactory

pytestmark = pytest.mark.django_db

ADDRESS = "marta.lis@example.net"
OTHER_ADDRESS = "marta.praca@example.net"
SUBJECT = "Uznanie dyplomu pielęgniarki"
TEXT = "Dzień dobry, pracowałam w Dublinie jako pielęgniarka."
QUOTED = "> W dniu 1 marca Marta Lis napisała: czy mogę wrócić?"
TRACES = [ADDRESS, OTHER_ADDRESS, SUBJECT, TEXT, QUOTED, "dyplom.pdf", "Marta Lis"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Attachments go to a temporary directory of this test."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def email_in(*, person: Person, case=None, address: str = ADDRESS, at=None) -> Contact:
    """An e-mail from `address` filed on `case` (or on a new one), with an attachment."""
    contact = services.case_log_contact(
        case=case,
        person=person,
        channel="email",
        summary=TEXT,
        occurred_at=at,
        email_fields={
            "email_address": address,
            "subject": SUBJECT,
            "message_id": f"<{timezone.now().timestamp()}@mail.example.net>",
            "quoted_text": QUOTED,
        },
    )
    attachment = ContactAttachment(
        contact=contact, filename="dyplom.pdf", content_type="application/pdf", size=9
    )
    attachment.file.save("dyplom.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    MailboxMessage.objects.create(
        mailbox="INBOX",
        uidvalidity=1,
        uid=MailboxMessage.objects.count() + 1,
        from_address=address,
        outcome=MailboxMessage.Outcome.NEW_CASE if case is None else MailboxMessage.Outcome.REPLY,
        contact=contact,
        imported_at=contact.occurred_at,
    )
    return contact


@pytest.fixture
def marta(staff_user) -> Person:
    """She writes twice, from two addresses, is answered by e-mail, and a reply bounced."""
    person = PersonFactory(name="Marta Lis", email=ADDRESS, phone="")
    first = email_in(person=person)
    email_in(person=person, case=first.case, address=OTHER_ADDRESS)
    email_queue(
        to=ADDRESS,
        template="contacts/email/acknowledgement",
        context={"person": person, "case": first.case, "topic": "Praca", "message": TEXT},
        language="pl",
    )
    services.case_log_contact(
        case=first.case,
        channel="email",
        direction="out",
        summary="Odpowiadamy na pytanie o dyplom.",
        staff=staff_user,
        email_fields={"email_address": ADDRESS, "subject": f"Re: {SUBJECT}"},
    )
    # The bounce came from the mailer daemon; only its note names her address.
    MailboxMessage.objects.create(
        mailbox="INBOX",
        uidvalidity=1,
        uid=99,
        from_address="MAILER-DAEMON@mx.example.net",
        outcome=MailboxMessage.Outcome.BOUNCE,
        note=f"undeliverable: {ADDRESS}",
    )
    Person.objects.filter(pk=person.pk).update(
        email_undeliverable_at=timezone.now(), email_undeliverable_reason="Mailbox full"
    )
    person.refresh_from_db()
    return person


def rows_with_traces() -> list[str]:
    found = []
    for model in (
        Person,
        Person.history.model,
        Contact,
        Contact.history.model,
        ContactAttachment,
        MailboxMessage,
        OutgoingEmail,
    ):
        for row in model.objects.values():
            text = json.dumps(row, default=str, ensure_ascii=False).lower()
            found += [f"{model.__name__}: {t}" for t in TRACES if t.lower() in text]
    return found


def test_the_export_holds_her_emails_attachments_and_mailbox_rows(marta):
    """Subject, address, direction, text, quoted history, attachment facts and ledger rows."""
    data = privacy.person_export(person=marta)
    contacts = data["cases"][0]["contacts"]
    incoming = [c for c in contacts if c["direction"] == "in"]
    assert {c["email_address"] for c in incoming} == {ADDRESS, OTHER_ADDRESS}
    assert {(c["channel"], c["subject"], c["summary"], c["quoted_text"]) for c in incoming} == {
        ("email", SUBJECT, TEXT, QUOTED)
    }
    assert incoming[0]["attachments"] == [
        {"filename": "dyplom.pdf", "content_type": "application/pdf", "size": 9}
    ]
    assert [c["subject"] for c in contacts if c["direction"] == "out"] == [f"Re: {SUBJECT}"]
    assert sorted(m["from_address"] for m in data["mailbox_messages"]) == [
        "MAILER-DAEMON@mx.example.net",
        ADDRESS,
        OTHER_ADDRESS,
    ]
    assert data["person"]["email_undeliverable_reason"] == "Mailbox full"
    assert data["person"]["email_undeliverable_at"]
    assert "%PDF" not in json.dumps(data)


def test_the_printable_export_and_the_person_page_show_the_emails(marta, staff_client):
    """Staff see subjects and the bounce warning; the printable export has it all."""
    page = staff_client.get(marta.get_absolute_url()).content.decode()
    assert SUBJECT in page
    assert "Mailbox full" in page
    export = staff_client.get(reverse("contacts:person_export", args=[marta.pk])).content.decode()
    for text in (SUBJECT, OTHER_ADDRESS, "dyplom.pdf", "MAILER-DAEMON@mx.example.net"):
        assert text in export


def test_erasure_leaves_no_row_or_file_with_her_emails(
    marta, media, django_capture_on_commit_callbacks
):
    """After erasure no table holds her address, subject, text or attachment, nor the disk."""
    files = list(ContactAttachment.objects.values_list("file", flat=True))
    assert len(files) == 2 and all(default_storage.exists(name) for name in files)
    assert rows_with_traces()

    with django_capture_on_commit_callbacks(execute=True):
        privacy.person_anonymise(person=marta)

    assert rows_with_traces() == []
    assert not ContactAttachment.objects.exists()
    assert not any(default_storage.exists(name) for name in files)
    assert [p for p in media.rglob("*") if p.is_file()] == []
    marta.refresh_from_db()
    assert (marta.email_undeliverable_at, marta.email_undeliverable_reason) == (None, "")
    # What the statistics count stays.
    assert Contact.objects.filter(case__person=marta).count() == 3
    assert MailboxMessage.objects.count() == 3


def test_erasure_keeps_the_files_when_the_transaction_rolls_back(marta):
    """The files go only once the erasure is committed: a failed erasure loses nothing."""
    files = list(ContactAttachment.objects.values_list("file", flat=True))
    privacy.person_anonymise(person=marta)  # the test's transaction never commits
    assert all(default_storage.exists(name) for name in files)


def test_erasure_spares_other_peoples_emails(marta, django_capture_on_commit_callbacks):
    """Someone else's e-mail, attachment and ledger row stay as they were."""
    other = PersonFactory(name="Jan Obcy", email="jan.obcy@example.com")
    kept = email_in(person=other, address="jan.obcy@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        privacy.person_anonymise(person=marta)
    kept.refresh_from_db()
    assert (kept.subject, kept.email_address, kept.quoted_text) == (
        SUBJECT,
        "jan.obcy@example.com",
        QUOTED,
    )
    attachment = ContactAttachment.objects.get()
    assert attachment.contact == kept and default_storage.exists(attachment.file.name)
    assert MailboxMessage.objects.get(contact=kept).from_address == "jan.obcy@example.com"


def test_retention_blanks_old_emails_and_deletes_their_attachments(
    django_capture_on_commit_callbacks,
):
    """Past the period the e-mail texts and files go; a recent e-mail keeps them."""
    now = timezone.now()
    person = PersonFactory(email=ADDRESS)
    old = email_in(person=person, at=now - timedelta(days=400))
    recent = email_in(person=person, case=old.case, at=now - timedelta(days=10))
    old_file = old.attachments.get().file.name
    recent_file = recent.attachments.get().file.name

    with django_capture_on_commit_callbacks(execute=True):
        assert privacy.contact_notes_erase(before=now - timedelta(days=365)) == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.summary, old.subject, old.email_address, old.quoted_text) == ("", "", "", "")
    assert (recent.subject, recent.email_address, recent.quoted_text) == (SUBJECT, ADDRESS, QUOTED)
    assert not old.attachments.exists() and not default_storage.exists(old_file)
    assert recent.attachments.exists() and default_storage.exists(recent_file)
    assert not Contact.history.filter(id=old.pk, subject=SUBJECT).exists()
    assert Contact.history.filter(id=recent.pk, subject=SUBJECT).exists()
