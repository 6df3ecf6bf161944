"""Browser test of answering a case by e-mail: keyboard alone, axe-core, phone and desktop widths."""

import re
from email.utils import parseaddr

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Page, expect

from contacts import demo
from contacts.models import Case, ContactAttachment, ReplyTemplate
from contacts.services import case_open
from tests.contacts.factories import PersonFactory
from tests.e2e.axe import assert_accessible
from tests.e2e.test_contacts import PHONE_WIDTH, assert_no_sideways_scroll, sign_in, tab_to

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP_WIDTH = {"width": 1280, "height": 900}


@pytest.fixture
def question(settings, tmp_path) -> Case:
    """A new question by e-mail from abroad, with a quoted history and a file attached."""
    settings.MEDIA_ROOT = tmp_path
    settings.REPLY_TO_EMAIL = "biuro@re-turn.example"
    demo.load()
    person = PersonFactory(
        name="Anna Kowalska",
        email="anna.kowalska.returning.from.dublin@example.com",
        phone="+353861234567",
        language="en",
        time_zone="Europe/Dublin",
    )
    case = case_open(
        person=person,
        topics=["work"],
        channel="email",
        summary="Hello, I am moving back to Kielce in March. Where do I find job offers?\n"
        "My CV: https://example.com/a/very/long/link/to/a/document/that/does/not/break/anywhere",
        flag=Case.Flag.NEW_QUESTION,
        email_fields={
            "email_address": person.email,
            "subject": "Looking for work in the Świętokrzyskie region after twelve years abroad",
            "message_id": "<question-1@mail.example.ie>",
            "quoted_text": "> On Monday the contact point wrote:\n> Thank you for your message.",
        },
    )
    attachment = ContactAttachment(
        contact=case.contacts.get(),
        filename="Curriculum-vitae-Anna-Kowalska-2026-english-version-final.pdf",
        content_type="application/pdf",
        size=13,
    )
    attachment.file.save("cv.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    attachment.save()
    return case


def test_staff_answer_with_a_saved_answer_by_keyboard_alone(
    live_server, page: Page, question, smtp_sink
):
    """Choose a saved answer, preview and send with Tab and Enter; the reply shows on the case."""
    saved = ReplyTemplate.objects.get(name="Work: registering and job offers")
    sign_in(page, live_server, f"/en/staff/cases/{question.pk}/")
    expect(page.locator("#case-flag")).to_contain_text("New question by e-mail")
    assert_accessible(page)

    tab_to(page, "#reply-link")
    page.keyboard.press("Enter")
    tab_to(page, "#id_template")
    template = page.locator("#id_template")
    for _ in range(10):
        if template.input_value() == str(saved.pk):
            break
        page.keyboard.press("ArrowDown")
    expect(template).to_have_value(str(saved.pk))
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Use saved answer")).to_be_focused()
    page.keyboard.press("Enter")

    body = page.locator("#id_body")
    expect(body).to_be_focused()
    expect(body).to_have_value(re.compile(r"^Dear Anna Kowalska,"))
    expect(page.locator("#id_language")).to_have_value("en")
    expect(page.locator("#id_subject")).to_have_value("Finding work after you return")
    page.keyboard.press("End")
    page.keyboard.type(" See you in Kielce!")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Preview")).to_be_focused()
    page.keyboard.press("Enter")

    preview = page.locator("#reply-preview")
    subject = f"Finding work after you return [PPK-{question.pk}]"
    expect(preview).to_contain_text(subject)
    expect(preview).to_contain_text("See you in Kielce!")
    expect(preview).to_contain_text("First Contact Point for returning migrants")
    assert question.contacts.count() == 1
    assert_accessible(page)
    send = page.get_by_role("button", name="Send", exact=True)
    expect(send).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"/en/staff/cases/{question.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("is in the outbox")
    reply = question.contacts.get(direction="out")
    entry = page.locator(f"#contact-{reply.pk}")
    expect(entry).to_contain_text(subject)
    expect(entry).to_contain_text(f"To: {question.person.email}")
    expect(entry).to_contain_text("See you in Kielce!")
    [message] = smtp_sink.wait_for(1, timeout=10)
    assert message["Subject"] == subject
    assert parseaddr(message["Reply-To"])[1] == "biuro@re-turn.example"
    assert message["In-Reply-To"] == "<question-1@mail.example.ie>"
    page.reload()
    expect(entry).to_contain_text("sent")
    assert page.locator("details").count() == 1
    assert_accessible(page)


def test_the_case_page_fits_a_phone_and_a_desktop(live_server, page: Page, question):
    """At 360 px nothing scrolls sideways; screenshots at 360 and 1280 px are kept to look at."""
    sign_in(page, live_server, f"/en/staff/cases/{question.pk}/")
    page.locator("details summary").click()
    for size, path in [(PHONE_WIDTH, "/tmp/case-360.png"), (DESKTOP_WIDTH, "/tmp/case-1280.png")]:
        page.set_viewport_size(size)
        page.screenshot(path=path, full_page=True)
    page.set_viewport_size(PHONE_WIDTH)
    assert_no_sideways_scroll(page)
    page.get_by_role("button", name="Preview").click()
    # No text yet: the form says so, and the keyboard lands on the message.
    expect(page.locator("#reply-errors")).to_be_focused()
    expect(page.locator("#reply-errors")).to_contain_text("The reply was not sent.")
    assert_no_sideways_scroll(page)
