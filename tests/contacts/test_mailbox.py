"""The office mailbox import against a real IMAP server (a private Dovecot)."""

import imaplib
import io
import logging
import os
import subprocess
import sys
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from contacts import mailbox as mailbox_module
from contacts.correspondence import case_reply_send
from contacts.mailbox import (
    FILED_FLAG,
    MailboxConfig,
    MailboxUnavailable,
    _batches,
    mailbox_import,
)
from contacts.models import Case, Contact, ContactAttachment, MailboxMessage, Person
from contacts.tasks import MAILBOX_LOCK_KEY, mailbox_import_task
from returnportal.mail.models import OutgoingEmail
from tests.conftest import BASE_DIR, free_port
from tests.contacts.factories import CaseFactory
from tests.mailserver import PASSWORD, silent_server

Outcome = MailboxMessage.Outcome
SENDER = "jan.nowak@example.com"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Attachments are written under the test's own directory."""
    settings.MEDIA_ROOT = tmp_path


def message(
    *,
    sender: str = SENDER,
    subject: str = "Pytanie o pracę w Niemczech",
    body: str = "Dzień dobry, czy mogę zapytać o pracę?",
    message_id: str | None = None,
    headers: dict | None = None,
) -> EmailMessage:
    """An ordinary e-mail from a person; `message_id=""` leaves the header out."""
    mail = EmailMessage()
    mail["From"] = f"Jan Nowak <{sender}>"
    mail["To"] = "kontakt@re-turn.example"
    mail["Subject"] = subject
    mail["Date"] = formatdate()
    if message_id != "":
        mail["Message-ID"] = message_id or make_msgid(domain="example.com")
    for name, value in (headers or {}).items():
        mail[name] = value
    mail.set_content(body)
    return mail


def raw(mail: EmailMessage) -> bytes:
    return mail.as_bytes(policy=SMTP)


def outcomes() -> dict[int, str]:
    return dict(MailboxMessage.objects.values_list("uid", "outcome"))


@pytest.fixture
def imap_commands(monkeypatch) -> list[tuple[str, ...]]:
    """Every UID command the import sends, as (command, argument, ...)."""
    sent = []
    original = imaplib.IMAP4.uid

    def uid(self, command, *args):
        sent.append((command.upper(), *args))
        return original(self, command, *args)

    monkeypatch.setattr(imaplib.IMAP4, "uid", uid)
    return sent


@pytest.fixture
def reply(staff_user):
    """A reply we sent from a case, with its Message-ID on the contact."""
    case = CaseFactory(person__email=SENDER)
    return case_reply_send(
        case=case, staff=staff_user, subject="Praca", body="Proszę zadzwonić.", language="pl"
    )


# Filing --------------------------------------------------------------------------------------
def test_new_message_opens_a_flagged_case(mailbox):
    """A message naming no case opens one for its sender, flagged as a new question."""
    mailbox.append(raw(message()))

    counts = mailbox_import()

    contact = Contact.objects.get()
    assert counts[Outcome.NEW_CASE] == 1
    assert contact.case.flag == Case.Flag.NEW_QUESTION
    assert contact.case.person.email == SENDER
    assert contact.subject == "Pytanie o pracę w Niemczech"
    assert "czy mogę zapytać o pracę" in contact.summary


def test_message_is_flagged_and_stays_unread(mailbox):
    """After the import the message carries the filed flag, and no \\Seen."""
    (uid,) = mailbox.append(raw(message()))

    mailbox_import()

    assert mailbox.flags()[uid] == {FILED_FLAG}


def test_reply_to_our_message_id_files_on_its_case_and_reopens_it(mailbox, reply):
    """An answer whose In-Reply-To is our reply's Message-ID lands on that case, open again."""
    case = reply.case
    case.status = Case.Status.CLOSED
    case.save()
    mailbox.append(raw(message(subject="Re: Praca", headers={"In-Reply-To": reply.message_id})))

    counts = mailbox_import()

    case.refresh_from_db()
    assert counts[Outcome.REPLY] == 1
    assert case.status == Case.Status.OPEN
    assert case.contacts.filter(direction="in", email_address=SENDER).count() == 1
    assert Case.objects.count() == 1


def test_subject_reference_from_the_persons_address_files_on_the_case(mailbox):
    """A subject with "[PPK-<pk>]" from the case's person is filed on that case."""
    case = CaseFactory(person__email="anna@example.com")
    mailbox.append(raw(message(sender="anna@example.com", subject=f"Re: {case.reference}")))

    mailbox_import()

    assert case.contacts.get().email_address == "anna@example.com"
    assert Case.objects.count() == 1


def test_forged_reference_from_another_sender_opens_a_new_case(mailbox):
    """Naming somebody else's case opens a new case flagged unverified; theirs gets nothing."""
    case = CaseFactory(person__email="anna@example.com")
    mailbox.append(raw(message(sender="mallory@example.org", subject=f"Re: {case.reference}")))

    counts = mailbox_import()

    new_case = Case.objects.exclude(pk=case.pk).get()
    assert counts[Outcome.NEW_CASE] == 1
    assert new_case.flag == Case.Flag.UNVERIFIED_REFERENCE
    assert new_case.person.email == "mallory@example.org"
    assert not case.contacts.exists()


# Once and only once --------------------------------------------------------------------------
def test_import_run_twice_files_once(mailbox):
    """A second run finds everything flagged and files nothing more."""
    mailbox.append(raw(message()), raw(message(sender="ewa@example.com")))

    first = mailbox_import()
    second = mailbox_import()

    assert first[Outcome.NEW_CASE] == 2
    assert set(second.values()) == {0}
    assert Contact.objects.count() == 2


def test_crash_between_commit_and_flag_imports_nothing_twice(mailbox, monkeypatch, imap_commands):
    """Filed but never flagged (the STORE failed): the rerun only flags it, unread."""
    (uid,) = mailbox.append(raw(message()))

    def store_fails(*args):
        raise MailboxUnavailable("connection lost")

    with monkeypatch.context() as patch:
        patch.setattr(mailbox_module, "_flag", store_fails)
        with pytest.raises(MailboxUnavailable):
            mailbox_import()
    assert mailbox.flags()[uid] == set()
    imap_commands.clear()
    counts = mailbox_import()

    assert counts["skipped_already_filed"] == 1
    assert [c[0] for c in imap_commands] == ["SEARCH", "STORE"]
    assert Contact.objects.count() == 1
    assert mailbox.flags()[uid] == {FILED_FLAG}


def test_crash_while_filing_leaves_the_message_for_the_next_run(mailbox, monkeypatch):
    """A message whose filing never committed is not flagged, so the next run files it."""
    first, second = mailbox.append(raw(message()), raw(message(sender="ewa@example.com")))
    file_message = mailbox_module.mailbox_file_message

    def database_gone(**kwargs):
        if kwargs["uid"] == second:
            raise RuntimeError("database gone")
        return file_message(**kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(mailbox_module, "mailbox_file_message", database_gone)
        with pytest.raises(RuntimeError):
            mailbox_import()
    assert mailbox.flags() == {first: {FILED_FLAG}, second: set()}
    mailbox_import()

    assert Contact.objects.count() == 2
    assert mailbox.flags() == {first: {FILED_FLAG}, second: {FILED_FLAG}}


def test_flagged_messages_are_not_fetched(mailbox, imap_commands):
    """A message flagged $PortalFiled already is neither read nor filed."""
    (done,) = mailbox.append(raw(message()), flags=FILED_FLAG)
    (new,) = mailbox.append(raw(message(sender="ewa@example.com")))

    mailbox_import()

    fetched = [command[1] for command in imap_commands if command[0] == "FETCH"]
    assert fetched == [str(new), str(new)]  # its size, then its body
    assert outcomes() == {new: Outcome.NEW_CASE}
    assert mailbox.flags() == {done: {FILED_FLAG}, new: {FILED_FLAG}}


def test_bodies_are_fetched_in_bounded_batches(mailbox, imap_commands, monkeypatch):
    """No FETCH of bodies asks for more messages than the batch allows; each batch is flagged."""
    monkeypatch.setattr(mailbox_module, "FETCH_MAX_MESSAGES", 2)
    uids = mailbox.append(*[raw(message(sender=f"p{n}@example.com")) for n in range(5)])

    mailbox_import()

    bodies = [c[1] for c in imap_commands if c[0] == "FETCH" and "BODY.PEEK[]" in c[2]]
    stores = [c[1] for c in imap_commands if c[0] == "STORE"]
    assert bodies == [f"{uids[0]}:{uids[1]}", f"{uids[2]}:{uids[3]}", str(uids[4])]
    assert stores == bodies


def test_batches_are_bounded_in_count_and_bytes(settings):
    """Batches close at 50 messages or 8 MB; an oversized message counts only its header."""
    settings.MAILBOX_MESSAGE_MAX_BYTES = 15 * 1024 * 1024
    mb = 1024 * 1024
    sizes = [
        (1, 5 * mb),
        (2, 5 * mb),
        (3, 30 * mb),
        (4, 12 * mb),
        *[(n, 100) for n in range(5, 60)],
    ]

    batches = [[uid for uid, _size in batch] for batch in _batches(sizes)]

    assert batches == [[1], [2, 3], [4], list(range(5, 55)), list(range(55, 60))]


def test_large_message_is_filed_from_its_headers(mailbox, imap_commands):
    """A 30 MB message is filed from its header section with a size note; the next one too."""
    big = (
        b"From: Jan Nowak <" + SENDER.encode() + b">\r\nSubject: Skany dokumentow\r\n"
        b"Message-ID: <big@example.com>\r\nContent-Type: text/plain\r\n\r\n"
        + (b"x" * 998 + b"\r\n")
        * 30_000
    )
    large, after = mailbox.append(big, raw(message(sender="ewa@example.com")))

    counts = mailbox_import()

    record = MailboxMessage.objects.get(uid=large)
    header_fetches = [c for c in imap_commands if c[0] == "FETCH" and "HEADER" in c[2]]
    assert counts[Outcome.NEW_CASE] == 2
    assert record.size == len(big)
    assert "28.6" in record.contact.summary
    assert header_fetches == [("FETCH", str(large), header_fetches[0][2])]
    assert outcomes()[after] == Outcome.NEW_CASE
    assert mailbox.flags()[large] == {FILED_FLAG}


def dsn(*, recipient: str, message_id: str) -> bytes:
    """A delivery status notification (RFC 3464) for our message to `recipient`."""
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\r\n"
        "To: kontakt@re-turn.example\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <dsn-1@mx.example.com>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.com\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: kontakt@re-turn.example\r\nTo: {recipient}\r\nMessage-ID: {message_id}\r\n"
        "Subject: Praca [PPK-1]\r\n\r\n"
        "--B--\r\n"
    ).encode()


def mime_bomb(depth: int = 200, width: int = 300) -> bytes:
    """Multiparts nested `depth` deep, and `width` empty parts at the bottom."""
    head = f"From: {SENDER}\r\nSubject: bomb\r\nMessage-ID: <bomb@example.com>\r\n"
    opening = "".join(
        f'Content-Type: multipart/mixed; boundary="b{n}"\r\n\r\n--b{n}\r\n' for n in range(depth)
    )
    leaves = "".join(
        f"Content-Type: text/plain\r\n\r\npart {n}\r\n--b{depth - 1}\r\n" for n in range(width)
    )
    closing = "".join(f"--b{n}--\r\n" for n in reversed(range(depth)))
    return (head + opening + leaves + closing).encode()


def test_hostile_and_machine_messages_each_get_a_ledger_row(mailbox, reply, settings):
    """Broken, duplicate, looping, automatic and bounced mail is recorded and stops nothing."""
    outbox_before = OutgoingEmail.objects.count()
    same = raw(message(sender="ewa@example.com", subject="Dwa razy"))
    uids = mailbox.append(
        mime_bomb(),
        raw(message(message_id="", subject="Bez Message-ID")),
        raw(message(message_id="<twin@example.com>", body="Pierwsza wiadomość.")),
        raw(message(message_id="<twin@example.com>", body="Druga, inna wiadomość.")),
        same,
        same,
        b"From: ola@example.com\r\nSubject: Zly zestaw\r\nMessage-ID: <cs@example.com>\r\n"
        b"Content-Type: text/plain; charset=x-no-such-charset\r\n\r\nZa\xbf\xf3\xb3\xe6\r\n",
        # Dovecot replaces raw NUL bytes; encoded ones reach the parser as they would anywhere.
        b"From: ola@example.com\r\nSubject: =?utf-8?q?NUL=00here?=\r\n"
        b"Message-ID: <nul@example.com>\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"Tekst=00z zerem\r\n",
        raw(message(subject="s" * 10_000)),
        raw(message(sender="ktos@example.com", headers={"X-Outbox-Id": "17"})),
        raw(message(sender="kontakt@re-turn.example")),
        raw(
            message(
                subject="Automatic reply: Praca",
                headers={"Auto-Submitted": "auto-replied", "In-Reply-To": reply.message_id},
            )
        ),
        dsn(recipient=SENDER, message_id=reply.message_id),
        raw(message(sender="ostatni@example.com", subject="Ostatnia")),
    )
    (bomb, no_id, twin1, twin2, same1, same2, charset, nul, long_subject, outbox_loop,
     own_loop, auto_reply, bounce, last) = uids  # fmt: skip

    counts = mailbox_import()

    assert outcomes() == {
        bomb: Outcome.NEW_CASE,
        no_id: Outcome.NEW_CASE,
        twin1: Outcome.NEW_CASE,
        twin2: Outcome.NEW_CASE,
        same1: Outcome.NEW_CASE,
        same2: Outcome.DUPLICATE,
        charset: Outcome.NEW_CASE,
        nul: Outcome.NEW_CASE,
        long_subject: Outcome.NEW_CASE,
        outbox_loop: Outcome.LOOP,
        own_loop: Outcome.LOOP,
        auto_reply: Outcome.AUTO_REPLY,
        bounce: Outcome.BOUNCE,
        last: Outcome.NEW_CASE,
    }
    assert sum(counts.values()) == len(uids)
    assert list(mailbox.flags().values()) == [{FILED_FLAG}] * len(uids)
    records = {r.uid: r for r in MailboxMessage.objects.all()}
    assert "MIME" in records[bomb].note
    assert "unknown charset" in records[charset].note
    assert "NUL" in records[nul].note
    assert "\x00" not in records[nul].contact.summary + records[nul].contact.subject
    assert records[no_id].message_id == ""
    assert len(records[long_subject].contact.subject) == 500
    # Nothing answered the machines, and none of them opened or touched a case.
    assert OutgoingEmail.objects.count() == outbox_before
    assert Case.objects.count() == 1 + 9
    assert reply.case.contacts.count() == 1
    person = Person.objects.get(email=SENDER)
    assert person.email_undeliverable_at is not None


def test_pdf_attachment_is_kept_and_exe_is_not(mailbox):
    """A PDF is stored with its bytes; an executable is named in the summary, not kept."""
    mail = message()
    mail.add_attachment(PDF, maintype="application", subtype="pdf", filename="umowa.pdf")
    mail.add_attachment(b"MZ\x90\x00", maintype="application", subtype="x-msdownload",
                        filename="setup.exe")  # fmt: skip
    mailbox.append(raw(mail))

    mailbox_import()

    attachment = ContactAttachment.objects.get()
    assert attachment.filename == "umowa.pdf"
    assert attachment.file.read() == PDF
    assert "setup.exe" in attachment.contact.summary


# An unavailable mailbox ----------------------------------------------------------------------
def test_closed_port_raises_mailbox_unavailable(db, settings):
    """Nobody listening on the port: MailboxUnavailable."""
    settings.MAILBOX_TIMEOUT = 1

    with pytest.raises(MailboxUnavailable, match="cannot connect"):
        mailbox_import(url=f"imap://office:secret@127.0.0.1:{free_port()}/INBOX")


def test_hanging_server_raises_mailbox_unavailable(db, settings):
    """A server that accepts and never answers: MailboxUnavailable after the timeout."""
    settings.MAILBOX_TIMEOUT = 1
    sock, port = silent_server()

    with sock, pytest.raises(MailboxUnavailable, match="timed out"):
        mailbox_import(url=f"imap://office:secret@127.0.0.1:{port}/INBOX")


def test_wrong_password_raises_without_naming_it(mailbox):
    """A refused login is MailboxUnavailable, and its message holds no password."""
    url = mailbox.url.replace("p%40ss", "wrong-password")

    with pytest.raises(MailboxUnavailable, match="cannot log in") as raised:
        mailbox_import(url=url)

    assert "wrong-password" not in str(raised.value)


def test_missing_folder_raises_mailbox_unavailable(mailbox):
    """A folder that does not exist cannot be selected: MailboxUnavailable."""
    with pytest.raises(MailboxUnavailable, match="SELECT failed"):
        mailbox_import(url=mailbox.url.replace("/INBOX", "/No%20such%20folder"))


def test_imaps_to_a_plain_server_raises_mailbox_unavailable(mailbox):
    """imaps:// against a server without TLS fails the handshake: MailboxUnavailable."""
    with pytest.raises(MailboxUnavailable, match="cannot connect"):
        mailbox_import(url=mailbox.url.replace("imap://", "imaps://"))


def test_config_from_url_decodes_and_defaults():
    """User and password are URL-decoded, INBOX and the port follow from the scheme."""
    secure = MailboxConfig.from_url("imaps://office%40re-turn.example:p%40ss%2F1@imap.example")
    plain = MailboxConfig.from_url("imap://office:pw@127.0.0.1:1143/Archive%20in")

    assert (secure.user, secure.password, secure.port, secure.folder, secure.use_ssl) == (
        "office@re-turn.example",
        "p@ss/1",
        993,
        "INBOX",
        True,
    )
    assert (plain.port, plain.folder, plain.use_ssl) == (1143, "Archive in", False)
    assert secure.name == "office@re-turn.example@imap.example/INBOX"
    assert "p@ss" not in repr(secure)


# The task and the command --------------------------------------------------------------------
def test_task_without_mailbox_url_does_nothing(db, settings, monkeypatch):
    """With MAILBOX_URL unset the task returns without reading anything."""
    settings.MAILBOX_URL = ""
    monkeypatch.setattr("contacts.tasks.mailbox_import", pytest.fail)

    assert mailbox_import_task() is None


def test_task_files_the_mailbox(mailbox):
    """The task imports with the settings' URL and releases its lock."""
    mailbox.append(raw(message()))

    counts = mailbox_import_task()

    assert counts[Outcome.NEW_CASE] == 1
    assert cache.get(MAILBOX_LOCK_KEY) is None


def test_task_skips_while_another_run_holds_the_lock(mailbox):
    """An overlapping run returns at once and leaves the mailbox to the one running."""
    mailbox.append(raw(message()))
    cache.add(MAILBOX_LOCK_KEY, "other run", timeout=60)

    assert mailbox_import_task() is None
    assert not MailboxMessage.objects.exists()
    assert cache.get(MAILBOX_LOCK_KEY) == "other run"


def test_task_with_the_server_down_logs_and_does_not_raise(db, settings, caplog):
    """An unavailable mailbox is a warning in the worker, not an error."""
    settings.MAILBOX_URL = f"imap://office:secret@127.0.0.1:{free_port()}/INBOX"
    settings.MAILBOX_TIMEOUT = 1

    with caplog.at_level(logging.WARNING, logger="contacts.tasks"):
        assert mailbox_import_task() is None

    assert "mailbox is unavailable" in caplog.text
    assert "secret" not in caplog.text
    assert cache.get(MAILBOX_LOCK_KEY) is None


def test_command_prints_the_counts(mailbox):
    """`manage.py mailbox_import` prints how many messages ended how."""
    mailbox.append(raw(message()), raw(message(sender="kontakt@re-turn.example")))
    out = io.StringIO()

    call_command("mailbox_import", "--limit", "5", stdout=out)

    assert "new_case: 1" in out.getvalue()
    assert "loop: 1" in out.getvalue()
    assert "skipped_already_filed: 0" in out.getvalue()


def test_command_with_the_mailbox_down_fails(db, settings):
    """An unavailable mailbox makes the command exit with status 1 and the reason."""
    settings.MAILBOX_TIMEOUT = 1
    url = f"imap://office:{quote(PASSWORD, safe='')}@127.0.0.1:{free_port()}/INBOX"

    with pytest.raises(CommandError, match="unavailable: cannot connect") as raised:
        call_command("mailbox_import", "--url", url)

    assert raised.value.returncode == 1
    assert PASSWORD not in str(raised.value)


def test_command_without_a_url_exits_non_zero():
    """No MAILBOX_URL and no --url: exit status 1 with a message saying so."""
    env = {**os.environ, "MAILBOX_URL": ""}

    result = subprocess.run(
        [sys.executable, "manage.py", "mailbox_import"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert "MAILBOX_URL is not set" in result.stderr
