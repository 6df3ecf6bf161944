"""The whole e-mail loop on real parts: the public form, a reply from the case through SMTP,
the person's answer into the office's IMAP box, the import, and the answer on the case."""

from email import policy
from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from contacts.mailbox import mailbox_import
from contacts.models import Case, Contact, MailboxMessage

pytestmark = pytest.mark.django_db


def _answer_to(sent, *, body: str) -> bytes:
    """What the person's mail client sends back when they press Reply."""
    answer = EmailMessage(policy=policy.SMTP)
    answer["From"] = sent["To"]
    answer["To"] = sent["Reply-To"]
    answer["Subject"] = f"Re: {sent['Subject']}"
    answer["Message-ID"] = make_msgid(domain="mail.example.org")
    answer["In-Reply-To"] = sent["Message-ID"]
    answer["References"] = sent["Message-ID"]
    answer.set_content(f"{body}\n\nOn Mon, 30 Nov 2026 at 10:00, Re-Turn wrote:\n> Dear Anna,\n")
    return answer.as_bytes()


def test_question_reply_answer_and_import_make_one_thread(
    client, staff_user, smtp_sink, mailbox, eager_mail
):
    """A web question, the staff reply and the person's e-mailed answer end up on one case."""
    with eager_mail(execute=True):
        client.post(
            "/en/contact/",
            {
                "name": "Anna Kowalska",
                "email": "anna.kowalska@mail.example.org",
                "phone": "",
                "language": "en",
                "topic": "qualifications",
                "message": "How do I get my German nursing diploma recognised?",
                "consent": "on",
                "website": "",
                "form_token": "t" * 32,
            },
        )
    case = Case.objects.get()
    assert case.awaiting_answer_since is not None

    client.force_login(staff_user)
    with eager_mail(execute=True):
        response = client.post(
            f"/staff/cases/{case.pk}/reply/",
            {
                "intent": "send",
                "language": "en",
                "subject": "Recognition of your diploma",
                "body": "Dear Anna,\nthe regional office recognises nursing diplomas; bring...",
                "form_token": "r" * 32,
            },
        )
    assert response.status_code == 302
    received = smtp_sink.wait_for(3)
    sent = next(m for m in received if "Recognition of your diploma" in m["Subject"])
    assert sent["To"] == "anna.kowalska@mail.example.org"
    assert f"[PPK-{case.pk}]" in sent["Subject"]
    case.refresh_from_db()
    assert case.awaiting_answer_since is None

    mailbox.append(_answer_to(sent, body="Thank you! Which documents should I bring?"))
    counts = mailbox_import()

    assert counts["reply"] == 1
    answer = Contact.objects.get(case=case, direction="in", channel="email")
    assert answer.summary.startswith("Thank you! Which documents should I bring?")
    assert "Dear Anna" in answer.quoted_text and "Dear Anna" not in answer.summary
    assert answer.email_address == "anna.kowalska@mail.example.org"
    assert list(
        case.contacts.order_by("occurred_at", "pk").values_list("direction", "channel")
    ) == [
        ("in", "web_form"),
        ("out", "email"),
        ("in", "email"),
    ]
    case.refresh_from_db()
    assert case.awaiting_answer_since is not None  # the answer is a new question to answer
    assert MailboxMessage.objects.get().outcome == MailboxMessage.Outcome.REPLY
    assert mailbox_import()["reply"] == 0  # nothing twice
