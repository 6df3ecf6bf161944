"""Privacy end to end: the export holds everything, and erasure leaves no trace but the counts."""

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from contacts import reports, services
from contacts.models import Case, Contact, ContactAttachment, MailboxMessage, Person
from returnportal.mail.models import OutgoingEmail
from surveys.models import Response
from surveys.services import response_consent_to_case
from tests.surveys.factories import ResponseFactory
from tests.workshops.factories import WorkshopFactory, register_and_confirm
from workshops.models import InterestSubscription, Registration, Workshop
from workshops.services import interest_subscribe

pytestmark = pytest.mark.django_db

NAME = "Agnieszka Wiśniewska"
EMAIL = "agnieszka.wisniewska@example.org"
PHONE = "+48 601 234 567"
# Every spelling of her that a page, export, history row or e-mail could hold.
TRACES = [
    NAME,
    NAME.replace("ś", "&#347;"),
    "Wiśniewska",
    "Wi&#347;niewska",
    EMAIL,
    "agnieszka.wisniewska%40example.org",
    "+48601234567",
    "+48 601 234 567",
    "601 234 567",
    "601234567",
]


def assert_no_trace(text: str, where: str) -> None:
    found = [trace for trace in TRACES if trace.lower() in text.lower()]
    assert not found, f"{where} still shows {found}"


def body(response) -> str:
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """E-mail attachments are stored under this test's own directory."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def agnieszka(eager_mail, staff_user) -> Person:
    """She asks a question, is called, writes an e-mail with her CV, registers for two
    workshops and answers the survey."""
    with eager_mail(execute=True):
        case, _created = services.case_submit_public_question(
            name=NAME,
            email=EMAIL,
            phone=PHONE,
            language="pl",
            topic="business",
            message=f"Dzień dobry, tu {NAME}, proszę o telefon na {PHONE}.",
            form_token="e2e-token",
        )
    person = case.person
    services.case_log_contact(
        case=case,
        channel="phone",
        summary=f"Oddzwoniono do {NAME}.",
        staff=staff_user,
    )
    email = services.case_log_contact(
        case=case,
        channel="email",
        summary=f"W załączniku CV. Pozdrawiam, {NAME}, tel. {PHONE}",
        email_fields={
            "email_address": EMAIL,
            "subject": f"CV {NAME}",
            "message_id": "<cv-1@example.org>",
            "quoted_text": f"> {NAME} napisała: proszę o telefon",
        },
    )
    attachment = ContactAttachment(
        contact=email, filename=f"CV {NAME}.pdf", content_type="application/pdf", size=9
    )
    attachment.file.save("cv.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    MailboxMessage.objects.create(
        mailbox="INBOX",
        uidvalidity=7,
        uid=1,
        message_id="<cv-1@example.org>",
        from_address=EMAIL,
        outcome=MailboxMessage.Outcome.REPLY,
        contact=email,
    )
    first, second = WorkshopFactory(capacity=1), WorkshopFactory(capacity=1)
    for workshop in (first, second):
        with eager_mail(execute=True):
            register_and_confirm(
                workshop_id=workshop.pk,
                name=NAME,
                email=EMAIL,
                phone=PHONE,
                participant_type=Registration.ParticipantType.MIGRANT,
                language="pl",
                needs=f"{NAME} needs a ramp.",
            )
    Registration.objects.filter(workshop=first).update(attended=True)
    Registration.objects.filter(workshop=second).update(attended=False)
    # Someone else waits for the second workshop: the counts must keep both.
    with eager_mail(execute=True):
        register_and_confirm(
            workshop_id=second.pk,
            name="Tomasz Kowalczyk",
            email="tomasz@example.org",
            participant_type=Registration.ParticipantType.OTHER,
            language="pl",
        )
    with eager_mail(execute=True):
        interest_subscribe(email=EMAIL, topic="funding", audience="migrants", language="pl")
    response = ResponseFactory(
        contact_consent=True,
        contact_name=NAME,
        contact_email=EMAIL,
        contact_phone=PHONE,
        consent_notice_version="2026-11",
    )
    response_consent_to_case(response)
    LogEntry.objects.create(
        user=staff_user,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message="[]",
    )
    person.refresh_from_db()
    return person


def pages(person: Person) -> dict[str, tuple[str, dict]]:
    workshop_pages = {}
    for workshop in Workshop.objects.order_by("pk"):
        slug = {"slug": workshop.slug}
        workshop_pages |= {
            f"attendees {workshop.pk}": (reverse("workshops:staff_attendees", kwargs=slug), {}),
            f"print {workshop.pk}": (reverse("workshops:staff_attendees_print", kwargs=slug), {}),
            f"attendee CSV {workshop.pk}": (
                reverse("workshops:staff_attendees_csv", kwargs=slug),
                {},
            ),
        }
    return {
        "person page": (person.get_absolute_url(), {}),
        "export JSON": (reverse("contacts:person_export_json", args=[person.pk]), {}),
        "printable export": (reverse("contacts:person_export", args=[person.pk]), {}),
        "case list": (reverse("contacts:case_list"), {}),
        "case list search": (reverse("contacts:case_list"), {"q": "agnieszka"}),
        "case CSV": (reverse("contacts:case_export"), {}),
        "dashboard": (reverse("contacts:dashboard"), {}),
        "people": (reverse("contacts:person_list"), {}),
        "monthly CSV": (reverse("contacts:report_monthly"), {"format": "csv"}),
        **{
            f"survey {name}": (reverse(f"surveys:{name}", kwargs={"slug": slug}), {})
            for slug in Response.objects.values_list("survey__slug", flat=True)
            for name in ("results", "export")
        },
        **{
            f"case {case.pk}": (case.get_absolute_url(), {})
            for case in Case.objects.filter(person=person)
        },
        **workshop_pages,
    }


def counts() -> dict:
    year = timezone.localdate().year
    return {
        "contacts per month": [row.by_channel for row in reports.monthly(year=year).rows],
        "topics per month": [row.by_topic for row in reports.monthly(year=year).rows],
        "registrations per workshop": list(
            Workshop.objects.with_seats()
            .order_by("pk")
            .values_list("pk", "seats_taken", "waiting_count")
        ),
        "attendance": list(
            Registration.objects.order_by("pk").values_list(
                "status", "attended", "participant_type"
            )
        ),
        "cases": Case.objects.count(),
        "contacts": Contact.objects.count(),
        "people": Person.objects.count(),
        "survey consents": Response.objects.filter(contact_consent=True).count(),
        "mailbox outcomes": list(MailboxMessage.objects.values_list("outcome", "imported_at")),
        "e-mails": list(OutgoingEmail.objects.order_by("pk").values_list("kind", "created_at")),
    }


def test_the_timeline_and_the_export_hold_every_record(agnieszka, staff_client):
    """The person page and the export show her cases, registrations and survey consent."""
    with translation.override("en"):
        page = body(staff_client.get(agnieszka.get_absolute_url()))
    assert page.count("timeline-registration") == 2
    assert page.count("timeline-survey") == 1
    for workshop in Workshop.objects.all():
        assert workshop.title in page
    assert "attended" in page and "did not come" in page
    assert Response.objects.get().survey.title in page
    assert f"CV {NAME}" in page  # the e-mail's subject
    data = json.loads(
        body(staff_client.get(reverse("contacts:person_export_json", args=[agnieszka.pk])))
    )
    assert data["person"]["email"] == EMAIL
    assert len(data["cases"]) == 2  # the question, and the survey's case
    assert {r["attended"] for r in data["workshop_registrations"]} == {True, False}
    assert [r["needs"] for r in data["workshop_registrations"]] == [f"{NAME} needs a ramp."] * 2
    assert data["workshop_interest_lists"][0]["topic"] == "funding"
    assert data["survey_consents"][0]["phone"] == PHONE
    assert data["survey_consents"][0]["privacy_notice_version"] == "2026-11"
    assert data["change_history"]
    emails = [c for c in data["cases"][0]["contacts"] if c["channel"] == "email"]
    assert emails[0]["subject"] == f"CV {NAME}"
    assert emails[0]["attachments"][0]["filename"] == f"CV {NAME}.pdf"
    assert data["mailbox_messages"][0]["from_address"] == EMAIL


def test_after_erasure_nothing_shows_her_and_the_counts_stay(
    agnieszka, staff_client, eager_mail, media
):
    """No page, export, history table, outbox or mailbox row, nor file names her; the
    statistics do not move."""
    for where, (url, params) in pages(agnieszka).items():
        if where in ("person page", "export JSON", "case list") or where.startswith("attendee"):
            with pytest.raises(AssertionError):
                assert_no_trace(body(staff_client.get(url, params)), where)
    before = counts()

    assert [path for path in media.rglob("*") if path.is_file()]
    with eager_mail(execute=True):  # the attachment files go once the erasure commits
        response = staff_client.post(
            reverse("contacts:person_erase", args=[agnieszka.pk]), {"confirm": "yes"}
        )
    assert response.status_code == 302

    for where, (url, params) in pages(agnieszka).items():
        assert_no_trace(body(staff_client.get(url, params)), where)
    for model in (
        Person.history.model,
        Case.history.model,
        Contact.history.model,
        Person,
        Registration,
        Response,
        InterestSubscription,
        OutgoingEmail,
        LogEntry,
        ContactAttachment,
        MailboxMessage,
    ):
        for row in model.objects.values():
            assert_no_trace(json.dumps(row, default=str, ensure_ascii=False), model.__name__)
    assert counts() == before
    assert [path for path in media.rglob("*") if path.is_file()] == []
    assert OutgoingEmail.objects.filter(to="").count() >= 4
