"""The case page: who is asking, the e-mail thread, attachments and their download, admin."""

import logging
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from contacts.models import Case, MailboxMessage
from returnportal.mail.models import OutgoingEmail
from tests.contacts.factories import (
    CaseFactory,
    ContactAttachmentFactory,
    ContactFactory,
    EmailContactFactory,
    PersonFactory,
    ReplyTemplateFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Attachments are written to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path


def english_page(client, case: Case) -> str:
    with translation.override("en"):
        url = reverse("contacts:case_detail", args=[case.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def outbox_row(status: str, **kwargs) -> OutgoingEmail:
    return OutgoingEmail.objects.create(
        to="anna@example.com",
        language="pl",
        kind="contacts/email/reply",
        subject="Re: Praca",
        body_text="...",
        status=status,
        **kwargs,
    )


# Who is asking ---------------------------------------------------------------------------------
def test_the_case_shows_who_is_asking_and_how_to_reach_them(staff_client):
    """Name linking to the person, mailto, tel:, language, time zone and their time now."""
    person = PersonFactory(
        name="Ewa Zagraniczna",
        email="ewa@example.com",
        phone="+447700900123",
        language="en",
        time_zone="Europe/London",
    )
    page = english_page(staff_client, CaseFactory(person=person))
    assert f'<a href="{person.get_absolute_url()}">Ewa Zagraniczna</a>' in page
    assert 'href="mailto:ewa@example.com"' in page
    assert 'href="tel:+447700900123"' in page
    assert "English" in page
    assert "Europe/London" in page
    assert f"their time now: {person.local_clock}" in page
    assert 'id="email-undeliverable"' not in page


def test_an_undeliverable_address_is_a_clear_warning(staff_client):
    """A bounced address shows the reason and the date next to the person."""
    bounced_at = timezone.now() - timedelta(days=1)
    person = PersonFactory(
        email_undeliverable_at=bounced_at, email_undeliverable_reason="550 No such user"
    )
    page = english_page(staff_client, CaseFactory(person=person))
    assert 'id="email-undeliverable"' in page
    assert "550 No such user" in page
    assert timezone.localtime(bounced_at).strftime("%Y") in page
    assert "undeliverable" in page


@pytest.mark.parametrize(
    ("flag", "text"),
    [
        (Case.Flag.NEW_QUESTION, "New question by e-mail"),
        (Case.Flag.UNVERIFIED_REFERENCE, "Names a case of somebody else"),
    ],
)
def test_the_flag_shows_as_a_badge_and_an_explanation(staff_client, flag, text):
    """A flagged case says why it needs a look, in the heading and in an alert."""
    page = english_page(staff_client, CaseFactory(flag=flag))
    assert page.count(text) == 2
    assert 'id="case-flag"' in page


def test_the_answer_due_time_and_overdue(staff_client):
    """A waiting question shows when the answer is due, and says so once it is overdue."""
    now = timezone.now()
    due = CaseFactory(awaiting_answer_since=now, answer_due_at=now + timedelta(days=2))
    late = CaseFactory(
        awaiting_answer_since=now - timedelta(days=5), answer_due_at=now - timedelta(days=3)
    )
    assert "Answer due " in english_page(staff_client, due)
    assert "Answer overdue." not in english_page(staff_client, due)
    assert "Answer overdue." in english_page(staff_client, late)


# The e-mail thread -----------------------------------------------------------------------------
def test_email_entries_show_subject_addresses_sender_and_delivery(staff_client, staff_user):
    """Subject, from/to, the staff member and pending/sent/failed per outgoing e-mail."""
    staff_user.first_name, staff_user.last_name = "Marta", "Urzędniczka"
    staff_user.save()
    case = CaseFactory(person=PersonFactory(email="anna@example.com"))
    EmailContactFactory(case=case, subject="Pytanie o pracę")
    for status in ("pending", "sent", "failed"):
        EmailContactFactory(
            case=case,
            direction="out",
            staff=staff_user,
            subject=f"Re: Pytanie o pracę ({status})",
            outgoing_email=outbox_row(status, sent_at=timezone.now()),
        )
    page = english_page(staff_client, case)
    assert "<strong>Pytanie o pracę</strong>" in page
    assert "From: anna@example.com" in page
    assert page.count("To: anna@example.com") == 3
    assert page.count(" · Marta Urzędniczka</p>") == 3
    assert "waiting to be sent" in page
    assert "sent " in page
    assert "could not be sent" in page


def test_the_message_is_escaped_and_the_quoted_history_folded(staff_client):
    """Text from outside is escaped with its line breaks; the quote sits in <details>."""
    contact = EmailContactFactory(
        summary="Dzień dobry,\n<script>alert(1)</script>",
        quoted_text="> Wcześniejsza wiadomość\n> druga linia",
    )
    page = english_page(staff_client, contact.case)
    assert "Dzień dobry,<br>&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert "<details" in page
    assert "&gt; Wcześniejsza wiadomość<br>&gt; druga linia" in page


def test_attachments_are_download_links_with_name_and_size(staff_client):
    """Each attachment links to its download with the file name and a readable size."""
    attachment = ContactAttachmentFactory(filename="CV <Anna>.pdf", size=2048)
    page = english_page(staff_client, attachment.contact.case)
    assert f'<a href="{attachment.get_absolute_url()}" download>CV &lt;Anna&gt;.pdf</a>' in page
    assert "(2.0\xa0KB)" in page


def count_queries(client, case: Case) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def add_emails(case: Case, count: int, staff) -> None:
    """`count` e-mails on the case, alternately in and out (with an outbox row), each with a file."""
    for i in range(count):
        outgoing = i % 2 == 1
        contact = EmailContactFactory(
            case=case,
            direction="out" if outgoing else "in",
            staff=staff if outgoing else None,
            outgoing_email=outbox_row("sent") if outgoing else None,
            quoted_text="> cytat",
        )
        ContactAttachmentFactory(contact=contact)


def test_case_page_queries_do_not_grow_with_emails_and_attachments(staff_client, staff_user):
    """The case page costs the same queries with 2 and with 40 e-mails, each with a file."""
    ReplyTemplateFactory()
    small_case, large_case = CaseFactory(), CaseFactory()
    add_emails(small_case, 2, staff_user)
    add_emails(large_case, 40, staff_user)
    small = count_queries(staff_client, small_case)
    large = count_queries(staff_client, large_case)
    print(f"\n[queries] case page: {small} with 2 e-mails, {large} with 40")
    assert small == large


# Attachment download ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("client_fixture", "status"),
    [("client", 302), ("editor_client", 403)],
    ids=["anonymous", "editor"],
)
def test_only_staff_download_attachments(request, client_fixture, status):
    """Strangers are sent to sign in and other roles refused: neither gets the file."""
    attachment = ContactAttachmentFactory()
    response = request.getfixturevalue(client_fixture).get(attachment.get_absolute_url())
    assert response.status_code == status
    assert not getattr(response, "streaming", False)
    assert b"%PDF" not in response.content


def test_staff_download_the_bytes_as_an_inert_attachment(staff_client, staff_user, caplog):
    """Staff get the file's bytes as a download no browser renders, sniffs or keeps."""
    attachment = ContactAttachmentFactory(filename="świadectwo pracy.pdf")
    with caplog.at_level(logging.INFO, logger="returnportal.audit"):
        response = staff_client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%C5%9Bwiadectwo%20pracy.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].split(";")[0] == "sandbox"
    assert response["Cache-Control"] == "no-store, private"
    assert f"user={staff_user.pk} view=contacts:attachment_download record={attachment.pk}" in (
        caplog.text
    )


def test_a_missing_file_is_404(staff_client):
    """An attachment whose file is gone from storage answers 404, not 500."""
    attachment = ContactAttachmentFactory()
    attachment.file.storage.delete(attachment.file.name)
    assert staff_client.get(attachment.get_absolute_url()).status_code == 404


# Admin -----------------------------------------------------------------------------------------
def test_admin_lists_saved_answers_with_filters_and_search(superuser_client):
    """The saved answers' list filters by topic, language and activity, and searches text."""
    ReplyTemplateFactory(name="Praca w regionie", body="Oferty EURES")
    ReplyTemplateFactory(name="Firma", topic="business", language="en", body="CEIDG")
    url = reverse("admin:contacts_replytemplate_changelist")
    response = superuser_client.get(url, {"q": "EURES"})
    assert response.status_code == 200
    assert [t.name for t in response.context["cl"].result_list] == ["Praca w regionie"]
    filtered = superuser_client.get(url, {"language": "en", "topic": "business"})
    assert [t.name for t in filtered.context["cl"].result_list] == ["Firma"]
    assert superuser_client.get(url, {"is_active__exact": "1"}).status_code == 200


def test_admin_shows_attachments_on_the_contact_read_only(superuser_client):
    """The contact's admin page lists its files as download links, with nothing to edit."""
    attachment = ContactAttachmentFactory(filename="dyplom.pdf")
    url = reverse("admin:contacts_contact_change", args=[attachment.contact.pk])
    page = superuser_client.get(url).content.decode()
    assert f'href="{attachment.get_absolute_url()}" download>dyplom.pdf</a>' in page
    assert 'name="attachments-0-filename"' not in page


def test_admin_mailbox_ledger_is_read_only(superuser_client):
    """The mailbox ledger lists and filters by outcome; nobody adds, changes or deletes there."""
    message = MailboxMessage.objects.create(
        mailbox="INBOX", uidvalidity=7, uid=42, outcome=MailboxMessage.Outcome.BOUNCE
    )
    MailboxMessage.objects.create(
        mailbox="INBOX", uidvalidity=7, uid=43, outcome=MailboxMessage.Outcome.REPLY
    )
    changelist = reverse("admin:contacts_mailboxmessage_changelist")
    response = superuser_client.get(changelist, {"outcome__exact": "bounce"})
    assert [m.pk for m in response.context["cl"].result_list] == [message.pk]
    assert superuser_client.get(reverse("admin:contacts_mailboxmessage_add")).status_code == 403
    change = superuser_client.get(
        reverse("admin:contacts_mailboxmessage_change", args=[message.pk])
    )
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    delete = superuser_client.post(
        reverse("admin:contacts_mailboxmessage_delete", args=[message.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert MailboxMessage.objects.filter(pk=message.pk).exists()


def test_the_contact_without_email_fields_still_shows_as_before(staff_client):
    """A phone call on the same page has no e-mail lines."""
    contact = ContactFactory(summary="Rozmowa o pracy.")
    page = english_page(staff_client, contact.case)
    assert "Rozmowa o pracy." in page
    assert "From:" not in page
