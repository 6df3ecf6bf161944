"""Replying to a case by e-mail: the service, the reply form on the case page, saved answers."""

from email.utils import parseaddr
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import translation

from contacts import demo
from contacts.correspondence import case_reply_preview, case_reply_send
from contacts.models import Case, Contact, ReplyTemplate
from contacts.services import ContactsError, case_open
from returnportal.form_tokens import new_form_token
from returnportal.mail.models import OutgoingEmail
from tests.contacts.factories import CaseFactory, PersonFactory, ReplyTemplateFactory

pytestmark = pytest.mark.django_db

QUESTION_ID = "<pytanie-1@poczta.example.com>"
OFFICE_MAILBOX = "biuro@re-turn.example"


class BrokenBackend(BaseEmailBackend):
    """A mail server that hangs up on every message."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture(autouse=True)
def _office_mailbox(settings):
    """Reply-To differs from From here, so that a test can tell the two apart."""
    settings.REPLY_TO_EMAIL = OFFICE_MAILBOX


@pytest.fixture
def anna(db):
    return PersonFactory(
        name="Anna Kowalska", email="anna@example.com", phone="+48600111222", language="pl"
    )


@pytest.fixture
def question(anna) -> Case:
    """An e-mail question from Anna about work, waiting for an answer."""
    return case_open(
        person=anna,
        topics=["work"],
        channel="email",
        summary="Dzień dobry, szukam pracy w Kielcach.",
        email_fields={
            "email_address": anna.email,
            "subject": "Praca w Kielcach",
            "message_id": QUESTION_ID,
        },
    )


def send(case: Case, staff, *, subject="Re: Praca w Kielcach", language="pl", **kwargs) -> Contact:
    return case_reply_send(
        case=case,
        staff=staff,
        subject=subject,
        body=kwargs.pop("body", "Przesyłamy oferty pracy."),
        language=language,
        **kwargs,
    )


def reply_url(case: Case) -> str:
    with translation.override("en"):
        return reverse("contacts:case_reply", args=[case.pk])


def reply_data(**overrides) -> dict:
    data = {
        "intent": "send",
        "language": "pl",
        "subject": "Re: Praca w Kielcach",
        "body": "Przesyłamy oferty pracy.",
        "form_token": new_form_token(),
    }
    return {**data, **overrides}


# The service -----------------------------------------------------------------------------------
def test_reply_comes_from_the_contact_point_and_answers_to_the_office(
    question, staff_user, settings, django_capture_on_commit_callbacks
):
    """From is the contact point, Reply-To the office mailbox, the reference once in the subject."""
    with django_capture_on_commit_callbacks(execute=True):
        contact = send(question, staff_user)
    [message] = mail.outbox
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.reply_to == [OFFICE_MAILBOX]
    assert message.to == ["anna@example.com"]
    assert message.subject == f"Re: Praca w Kielcach [PPK-{question.pk}]"
    assert message.extra_headers["Message-ID"] == contact.message_id
    assert message.extra_headers["In-Reply-To"] == QUESTION_ID


def test_a_reference_already_in_the_subject_is_not_added_twice(question, staff_user):
    """A subject that carries the case reference keeps exactly one."""
    contact = send(question, staff_user, subject=f"Re: Praca [PPK-{question.pk}]")
    assert contact.outgoing_email.subject.count(f"[PPK-{question.pk}]") == 1


def test_in_reply_to_names_the_last_incoming_message(question, staff_user, anna):
    """A second question threads the reply to it, with the whole thread in References."""
    later = question.contacts.create(
        channel="email",
        direction="in",
        email_address=anna.email,
        subject="Re: Praca w Kielcach",
        message_id="<pytanie-2@poczta.example.com>",
        summary="Jeszcze jedno pytanie.",
    )
    headers = send(question, staff_user).outgoing_email.headers
    assert headers["In-Reply-To"] == later.message_id
    assert headers["References"] == f"{QUESTION_ID} {later.message_id}"


def test_a_reply_without_earlier_mail_has_no_in_reply_to(staff_user, anna):
    """A case opened by phone gets a reply with its own Message-ID and no In-Reply-To."""
    case = CaseFactory(person=anna)
    contact = send(case, staff_user)
    assert contact.outgoing_email.headers == {"Message-ID": contact.message_id}


def test_the_reply_is_logged_as_an_outgoing_email_of_the_staff_member(question, staff_user):
    """The contact records direction, address, subject, text, staff and the outbox row."""
    contact = send(question, staff_user)
    assert contact.case == question
    assert (contact.channel, contact.direction, contact.staff) == ("email", "out", staff_user)
    assert contact.email_address == "anna@example.com"
    assert contact.subject == f"Re: Praca w Kielcach [PPK-{question.pk}]"
    assert contact.summary == "Przesyłamy oferty pracy."
    assert contact.outgoing_email.status == OutgoingEmail.Status.PENDING
    assert contact.message_id.startswith("<") and contact.message_id.endswith(">")


def test_answering_stops_the_answer_clock(question, staff_user):
    """The question started the clock; the reply stops it and records the first answer."""
    assert question.awaiting_answer_since is not None
    send(question, staff_user)
    question.refresh_from_db()
    assert question.awaiting_answer_since is None
    assert question.answer_due_at is None
    assert question.first_answered_at is not None


def test_the_same_form_token_sends_one_reply(question, staff_user):
    """A repeated submit returns the first reply and queues nothing more."""
    token = new_form_token()
    first = send(question, staff_user, form_token=token)
    second = send(question, staff_user, form_token=token)
    assert first == second
    assert OutgoingEmail.objects.count() == 1
    assert question.contacts.filter(direction="out").count() == 1


def test_no_email_address_is_refused_with_the_phone_number(staff_user):
    """Without an address the service refuses and offers the number to call."""
    case = CaseFactory(person=PersonFactory(email="", phone="+48600999888"))
    with pytest.raises(ContactsError, match=r"\+48600999888"):
        send(case, staff_user)
    assert OutgoingEmail.objects.count() == 0
    assert case.contacts.count() == 0


def test_an_english_reply_renders_in_english(question, staff_user):
    """The footer follows the reply's language, not the site's."""
    english = send(question, staff_user, language="en").outgoing_email
    assert english.language == "en"
    assert "First Contact Point for returning migrants" in english.body_text
    polish = case_reply_preview(
        case=question, subject="Re: Praca", body="Tekst.", language="pl", staff=staff_user
    )
    assert "Punkt Pierwszego Kontaktu dla powracających migrantów" in polish["text"]


def test_preview_writes_and_sends_nothing(question, staff_user, django_capture_on_commit_callbacks):
    """The preview is the e-mail as sent, and leaves no outbox row and no contact."""
    with django_capture_on_commit_callbacks(execute=True):
        preview = case_reply_preview(
            case=question,
            subject="Re: Praca w Kielcach",
            body="Przesyłamy oferty pracy.",
            language="pl",
            staff=staff_user,
        )
    assert preview["subject"] == f"Re: Praca w Kielcach [PPK-{question.pk}]"
    assert preview["text"].startswith("Przesyłamy oferty pracy.")
    assert OutgoingEmail.objects.count() == 0
    assert question.contacts.count() == 1
    assert mail.outbox == []


def test_delivered_headers_on_a_real_smtp_server(
    question, staff_user, smtp_sink, settings, django_capture_on_commit_callbacks
):
    """The SMTP sink receives From, Reply-To, Subject, Message-ID and In-Reply-To as sent."""
    with django_capture_on_commit_callbacks(execute=True):
        contact = send(question, staff_user, subject="Re: Praca w Kielcach", language="en")
    [message] = smtp_sink.wait_for(1, timeout=10)
    assert parseaddr(message["From"]) == parseaddr(settings.DEFAULT_FROM_EMAIL)
    assert parseaddr(message["Reply-To"])[1] == OFFICE_MAILBOX
    assert parseaddr(message["To"])[1] == "anna@example.com"
    assert message["Subject"] == f"Re: Praca w Kielcach [PPK-{question.pk}]"
    assert message["Message-ID"] == contact.message_id
    assert message["In-Reply-To"] == QUESTION_ID
    assert message["Content-Language"] == "en"
    assert "Przesyłamy oferty pracy." in message.get_body(("plain",)).get_content()
    contact.outgoing_email.refresh_from_db()
    assert contact.outgoing_email.status == OutgoingEmail.Status.SENT


# The reply form on the case page ---------------------------------------------------------------
@pytest.mark.parametrize(("language", "expected"), [("pl", "pl"), ("en", "en")])
def test_the_form_starts_in_the_persons_language_answering_the_last_subject(
    staff_client, anna, question, language, expected
):
    """Language defaults to the person's; subject to "Re:" the last incoming subject."""
    anna.language = language
    anna.save()
    question.contacts.create(
        channel="email",
        direction="in",
        email_address=anna.email,
        subject=f"RE: Odp: Druga wiadomość [PPK-{question.pk}]",
    )
    form = staff_client.get(question.get_absolute_url()).context["reply_form"]
    assert form.initial["language"] == expected
    assert form.initial["subject"] == f"Re: Druga wiadomość [PPK-{question.pk}]"


def test_without_an_email_to_answer_the_subject_names_the_topics(staff_client, anna):
    """A case opened by phone starts the reply with a subject about its topics."""
    anna.language = "en"
    anna.save()
    case = CaseFactory(person=anna, topics=["business"])
    form = staff_client.get(case.get_absolute_url()).context["reply_form"]
    assert form.initial["subject"] == "Your question to the First Contact Point: Own business"


def test_a_saved_answer_fills_in_subject_text_and_name(staff_client, question):
    """ "Use saved answer" shows the form again with the template's text and the name filled in."""
    template = ReplyTemplateFactory(language="en", subject="Jobs", body="Dear {name},\n\nhello.")
    response = staff_client.post(
        reply_url(question), {"intent": "use_template", "template": template.pk}
    )
    assert response.status_code == 200
    form = response.context["reply_form"]
    assert form.initial["body"] == "Dear Anna Kowalska,\n\nhello."
    assert form.initial["subject"] == "Jobs"
    assert form.initial["language"] == "en"
    assert "Dear Anna Kowalska," in response.content.decode()
    assert OutgoingEmail.objects.count() == 0


def test_only_saved_answers_for_the_cases_topics_are_offered(staff_client, question):
    """Answers for the case's topics and for any topic are offered; others and inactive not."""
    work = ReplyTemplateFactory(topic="work")
    anything = ReplyTemplateFactory(topic="")
    housing = ReplyTemplateFactory(topic="housing")
    retired = ReplyTemplateFactory(topic="work", is_active=False)
    form = staff_client.get(question.get_absolute_url()).context["reply_form"]
    assert set(form.fields["template"].queryset) == {work, anything}
    for other in (housing, retired):
        response = staff_client.post(
            reply_url(question), {"intent": "use_template", "template": other.pk}
        )
        assert response.status_code == 400


def test_preview_shows_the_email_as_sent_and_sends_nothing(staff_client, question):
    """Preview renders subject and text on the case page, with no outbox row or contact."""
    response = staff_client.post(reply_url(question), reply_data(intent="preview", language="en"))
    assert response.status_code == 200
    preview = response.context["reply_preview"]
    assert preview["subject"] == f"Re: Praca w Kielcach [PPK-{question.pk}]"
    content = response.content.decode()
    assert 'id="reply-preview"' in content
    assert "First Contact Point for returning migrants" in content
    assert OutgoingEmail.objects.count() == 0
    assert question.contacts.count() == 1


def test_send_redirects_to_the_case_with_a_confirmation(staff_client, staff_user, question):
    """Sending queues the e-mail, logs the contact and redirects to the case page (PRG)."""
    response = staff_client.post(reply_url(question), reply_data(), follow=True)
    assert response.redirect_chain == [(question.get_absolute_url(), 302)]
    contact = question.contacts.get(direction="out")
    assert contact.staff == staff_user
    assert contact.outgoing_email.to == "anna@example.com"
    [confirmation] = response.context["messages"]
    assert "anna@example.com" in str(confirmation)


def test_a_double_submit_of_the_form_sends_one_reply(staff_client, question):
    """The same form posted twice (a double click) queues one e-mail."""
    data = reply_data()
    first = staff_client.post(reply_url(question), data)
    second = staff_client.post(reply_url(question), data)
    assert first.status_code == second.status_code == 302
    assert OutgoingEmail.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"), [("body", ""), ("subject", ""), ("form_token", "x"), ("language", "de")]
)
def test_an_incomplete_reply_answers_400_with_the_form(staff_client, question, field, value):
    """A missing text or subject, a bad token or language: 400, the form again, nothing sent."""
    response = staff_client.post(reply_url(question), reply_data(**{field: value}))
    assert response.status_code == 400
    assert response.context["reply_form"].errors[field]
    assert 'id="reply-errors"' in response.content.decode()
    assert OutgoingEmail.objects.count() == 0


def test_an_unknown_intent_answers_400(staff_client, question):
    """Only the three buttons of the form are understood."""
    response = staff_client.post(reply_url(question), reply_data(intent="delete"))
    assert response.status_code == 400


def test_without_an_email_there_is_no_send_button_but_the_phone(staff_client):
    """The page offers the number to call; a send posted anyway answers 400 with it."""
    case = CaseFactory(person=PersonFactory(email="", phone="+48600999888"))
    with translation.override("en"):
        page = staff_client.get(reverse("contacts:case_detail", args=[case.pk])).content.decode()
    assert "This person has no e-mail address" in page
    assert 'href="tel:+48600999888"' in page
    assert 'value="send" class="btn btn-primary" disabled' in page
    response = staff_client.post(reply_url(case), reply_data())
    assert response.status_code == 400
    assert "+48600999888" in response.content.decode()
    assert OutgoingEmail.objects.count() == 0


def test_a_mail_server_that_fails_never_fails_the_request(
    staff_client, question, settings, django_capture_on_commit_callbacks
):
    """With SMTP refusing, the reply is still saved, and its outbox row stays pending."""
    settings.EMAIL_BACKEND = "tests.contacts.test_reply.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = staff_client.post(reply_url(question), reply_data())
    assert response.status_code == 302
    assert len(callbacks) == 1  # the outbox task ran, and failed
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.attempts == 1
    assert "SMTPServerDisconnected" in email.last_error
    assert question.contacts.filter(direction="out").count() == 1


@pytest.mark.parametrize(
    ("client_fixture", "status", "sent"),
    [("client", 302, 0), ("editor_client", 403, 0), ("staff_client", 302, 1)],
    ids=["anonymous", "editor", "staff"],
)
def test_only_staff_can_send_a_reply(request, question, client_fixture, status, sent):
    """Strangers are sent to sign in, other roles refused; only staff send."""
    client = request.getfixturevalue(client_fixture)
    response = client.post(reply_url(question), reply_data())
    assert response.status_code == status
    assert OutgoingEmail.objects.count() == sent


def test_the_reply_url_takes_no_get(staff_client, question):
    """The reply is a form post; a GET of its URL is not allowed."""
    assert staff_client.get(reply_url(question)).status_code == 405


# Demo saved answers ----------------------------------------------------------------------------
def test_demo_saved_answers_load_once_in_both_languages():
    """Loading the demo twice leaves one copy of each saved answer, in Polish and English."""
    demo.load()
    demo.load()
    answers = ReplyTemplate.objects.all()
    assert answers.count() == len(demo.SAVED_ANSWERS)
    assert set(answers.values_list("language", flat=True)) == {"pl", "en"}
    assert {"work", "qualifications", "social_insurance", "business"} <= set(
        answers.values_list("topic", flat=True)
    )
    assert all("{name}" in answer.body for answer in answers)


def test_demo_has_a_reply_thread_and_an_overdue_question_once():
    """`make run` shows a case with a reply thread and an overdue e-mail question, not twice."""
    demo.load()
    demo.load()
    thread = Case.objects.get(form_token="demo-case-email")
    assert list(thread.contacts.order_by("occurred_at").values_list("channel", "direction")) == [
        ("web_form", "in"),
        ("email", "out"),
        ("email", "in"),
    ]
    assert thread.awaiting_answer_since is not None
    question = Case.objects.get(flag=Case.Flag.NEW_QUESTION)
    assert question.answer_overdue
    assert question.person.email_undeliverable_at is not None
