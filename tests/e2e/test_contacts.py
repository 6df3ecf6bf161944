"""Browser tests of the contact point: the keyboard quick log, the public form, axe-core, 360 px."""

import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from contacts import demo
from contacts.models import Case, Contact, Person
from tests.contacts.factories import CaseFactory, PersonFactory
from tests.e2e.axe import assert_accessible
from tests.factories import PASSWORD, StaffUserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_WIDTH = {"width": 360, "height": 740}


def sign_in(page: Page, live_server, next_url: str):
    """Sign in through the real login form as a contact-point clerk and land on next_url."""
    clerk = StaffUserFactory()
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.locator("#id_username").fill(clerk.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(re.escape(next_url) + r"(\?|$)"))
    page.wait_for_load_state("domcontentloaded")  # the page's deferred scripts have run
    return clerk


def tab_to(page: Page, selector: str, *, limit: int = 40) -> None:
    """Press Tab until the element matching selector has focus (fails if it never does)."""
    target = page.locator(selector)
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got focus after {limit} presses of Tab")


def assert_no_sideways_scroll(page: Page) -> None:
    """The page is no wider than a 360-pixel phone screen."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH["width"], f"{page.url} is {width}px wide at 360px"


# The quick log ---------------------------------------------------------------------------------
def test_clerk_logs_a_phone_call_with_the_keyboard_alone(live_server, page: Page):
    """Search, pick a suggestion, tick topics, type the summary and submit, all by keyboard."""
    anna = PersonFactory(name="Anna Kowalska", email="anna.k@example.com", phone="+48600111222")
    open_case = CaseFactory(person=anna, topics=["work"])
    PersonFactory(name="Piotr Zieliński", email="piotr@example.com", phone="+48600333444")
    clerk = sign_in(page, live_server, "/en/staff/log/")

    search = page.locator("#person-q")
    expect(search).to_be_focused()
    page.keyboard.type("Kowal")
    options = page.get_by_role("listbox", name="Matching people").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("open cases: 1")
    expect(search).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(search).to_have_attribute("aria-activedescendant", f"person-option-{anna.pk}")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"\?person={anna.pk}$"))
    expect(page.locator("#selected-person")).to_contain_text("Anna Kowalska")
    # The keyboard carries on at her open case; Phone and Incoming are the defaults.
    expect(page.locator(f"input[name=case][value='{open_case.pk}']")).to_be_focused()
    expect(page.locator("input[name=case]:checked")).to_have_value(str(open_case.pk))
    tab_to(page, "input[name=channel]:checked")
    expect(page.locator("input[name=channel]:checked")).to_have_value("phone")
    tab_to(page, "input[name=topics][value=social_insurance]")
    page.keyboard.press("Space")
    tab_to(page, "#id_summary")
    page.keyboard.type("Wraca z Irlandii w marcu; pyta o pracę i o składki z zagranicy.")
    page.keyboard.press("Control+Enter")

    confirmation = page.get_by_role("status")
    expect(confirmation).to_contain_text(f"Logged: Phone, case #{open_case.pk}.")
    expect(page.locator("#person-q")).to_have_value("")
    expect(page.locator("#person-q")).to_be_focused()
    expect(page.locator("#selected-person")).to_have_count(0)
    expect(page.locator("#id_summary")).to_have_value("")
    expect(page.locator("input[name=topics]:checked")).to_have_count(0)

    contact = Contact.objects.select_related("case__person").get()
    assert contact.case == open_case
    assert contact.case.person == anna
    assert contact.channel == "phone"
    assert contact.direction == "in"
    assert contact.staff == clerk
    assert "Irlandii" in contact.summary
    assert sorted(open_case.topic_links.values_list("topic", flat=True)) == [
        "social_insurance",
        "work",
    ]


def test_clerk_logs_an_anonymous_call(live_server, page: Page):
    """A call with no personal data at all is logged, so the hotline's figures count it."""
    sign_in(page, live_server, "/en/staff/log/")
    people_before = Person.objects.count()

    tab_to(page, "input[name=topics][value=other]")
    page.keyboard.press("Space")
    tab_to(page, "#id_duration_minutes")
    page.keyboard.type("3")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Logged: Phone, case #")
    expect(page.locator("#id_duration_minutes")).to_have_value("")
    contact = Contact.objects.select_related("case").get()
    assert contact.case.person is None
    assert contact.channel == "phone"
    assert contact.duration_minutes == 3
    assert Person.objects.count() == people_before


# The public form -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "language", "acknowledgement"),
    [
        ("/contact/", "pl", "Otrzymaliśmy Twoje pytanie"),
        ("/en/contact/", "en", "We have received your question"),
    ],
)
def test_visitor_asks_a_question_and_both_emails_arrive(
    live_server, page: Page, smtp_sink, path, language, acknowledgement
):
    """The form opens a case; the sink receives the acknowledgement and the notification."""
    page.goto(live_server.url + path)
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator("#id_name").fill("Ewa Nowak")
    page.locator("#id_email").fill("ewa.nowak@example.com")
    page.locator(f"input[name=language][value={language}]").check()
    page.locator("#id_topic").select_option("business")
    page.locator("#id_message").fill("Chcę otworzyć firmę w Busku-Zdroju. Od czego zacząć?")
    page.locator("#id_consent").check()
    page.locator("#contact-form [type=submit]").click()

    expect(page).to_have_url(re.compile(re.escape(path) + r"thanks/$"))
    case = Case.objects.select_related("person").get()
    assert case.person.email == "ewa.nowak@example.com"
    assert case.person.language == language
    assert case.contacts.get().channel == "web_form"

    messages = smtp_sink.wait_for(2, timeout=10)
    by_recipient = {m["To"]: m for m in messages}
    assert set(by_recipient) == {"ewa.nowak@example.com", settings.CONTACT_POINT_EMAIL}
    assert acknowledgement in by_recipient["ewa.nowak@example.com"]["Subject"]
    # The contact point reads its notifications in the site's default language.
    notification = by_recipient[settings.CONTACT_POINT_EMAIL]
    assert f"Nowe pytanie ze strony (sprawa nr {case.pk})" in notification["Subject"]
    assert "Busku-Zdroju" in notification.get_body(("plain",)).get_content()


def test_public_form_marks_and_announces_each_bad_field(live_server, page: Page):
    """Without e-mail, phone, message or consent each field is flagged and its error linked."""
    page.goto(live_server.url + "/en/contact/")
    assert_accessible(page)
    page.locator("#id_name").fill("Ewa Nowak")
    page.locator("#contact-form [type=submit]").click()

    expect(page.get_by_role("alert")).to_contain_text("Please correct the fields marked below.")
    for field, message in [
        ("email", "Give an e-mail address or a phone number."),
        ("message", "This field is required."),
        ("consent", "We can only answer if you agree to the privacy notice."),
    ]:
        control = page.locator(f"#id_{field}")
        expect(control).to_have_attribute("aria-invalid", "true")
        described_by = control.get_attribute("aria-describedby") or ""
        texts = [page.locator(f"#{ref}").inner_text() for ref in described_by.split()]
        assert any(message in text for text in texts), (field, described_by, texts)
    expect(page.locator("#id_name")).to_have_value("Ewa Nowak")
    expect(page.locator("#id_name")).not_to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.locator("#id_phone").fill("12")
    page.locator("#contact-form [type=submit]").click()
    phone = page.locator("#id_phone")
    expect(phone).to_have_attribute("aria-invalid", "true")
    refs = (phone.get_attribute("aria-describedby") or "").split()
    assert any("valid phone number" in page.locator(f"#{ref}").inner_text() for ref in refs)
    expect(phone).to_have_value("12")
    assert Case.objects.count() == 0


# Accessibility ---------------------------------------------------------------------------------
def test_staff_pages_of_the_contact_point_pass_axe(live_server, page: Page):
    """axe-core finds nothing on any staff page of the contact point, with demo data present."""
    demo.load()
    case = CaseFactory(person=PersonFactory(name="Jan Testowy"), topics=["housing"])
    anna = Person.objects.get(email="anna.kowalska@example.com")
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    sign_in(page, live_server, "/staff/")
    pages = [
        ("/staff/", "Anna Kowalska"),  # her follow-up is due today
        ("/staff/log/", None),
        (f"/staff/log/?person={anna.pk}", "Anna Kowalska"),
        ("/staff/log/?q=Kowalska", "Anna Kowalska"),
        ("/staff/people/?q=Nowak", "Tomasz Nowak"),
        (f"/staff/people/{anna.pk}/", "Wojewódzki Urząd Pracy w Kielcach"),
        (f"/staff/people/{anna.pk}/edit/", None),
        (f"/staff/people/{anna.pk}/export/", "anna.kowalska@example.com"),
        (f"/staff/people/{anna.pk}/erase/", "Anna Kowalska"),
        ("/staff/cases/", "Maria Wiśniewska"),
        (f"/staff/cases/{case.pk}/", "Jan Testowy"),
        ("/staff/reports/monthly/", None),
        (f"/en/staff/reports/quarterly/?year={today.year}&quarter={quarter}&shareable=on", None),
    ]
    for path, text in pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        if text:
            expect(page.locator("main")).to_contain_text(text)
        assert_accessible(page)


def test_where_to_get_help_passes_axe(live_server, page: Page):
    """The public directory of institutions, in both languages."""
    demo.load()
    for path in ["/institutions/", "/en/institutions/"]:
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)


def test_public_form_and_quick_log_fit_a_360_pixel_phone(live_server, page: Page):
    """At 360 px neither the public form (with errors too) nor the quick log scrolls sideways."""
    page.set_viewport_size(PHONE_WIDTH)
    page.goto(live_server.url + "/contact/")
    assert_no_sideways_scroll(page)
    page.locator("#contact-form [type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_no_sideways_scroll(page)

    anna = PersonFactory(name="Anna Kowalska")
    CaseFactory(person=anna, topics=["work", "funding"])
    sign_in(page, live_server, "/staff/log/")
    assert_no_sideways_scroll(page)
    page.goto(f"{live_server.url}/staff/log/?person={anna.pk}")
    assert_no_sideways_scroll(page)
