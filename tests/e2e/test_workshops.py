"""Browser tests of workshops: the last seat, the e-mails in the SMTP sink, cancelling, check-in."""

import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_accessible
from tests.factories import StaffUserFactory
from tests.workshops.factories import (
    InterestSubscriptionFactory,
    RegistrationFactory,
    WorkshopFactory,
)
from workshops.models import InterestSubscription, Registration
from workshops.services import reminders_off_token

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def site(live_server, settings) -> str:
    """The live server's address, also the one the e-mails link to."""
    settings.SITE_URL = live_server.url
    settings.REQUIRE_TWO_FACTOR = False
    return live_server.url


def register(page: Page, url: str, *, name: str, email: str) -> None:
    """Fill in the registration form as a returning migrant and send it."""
    page.goto(url)
    page.locator("#id_name").fill(name)
    page.locator("#id_email").fill(email)
    page.locator("input[name=participant_type][value=migrant]").check()
    page.locator("#id_consent").check()
    page.locator(".registration-form button[type=submit]").click()


def subject(message) -> str:
    # Django folds a long encoded subject onto a continuation line; unfolding leaves a space.
    return str(message["Subject"]).strip()


def mail_to(messages: list, address: str, kind: str) -> object:
    """The one message sent to an address whose subject contains `kind`."""
    found = [m for m in messages if m["To"] == address and kind in subject(m)]
    assert len(found) == 1, [(m["To"], subject(m)) for m in messages]
    return found[0]


def text_body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def ics_attachment(message) -> str:
    attachments = [a for a in message.iter_attachments() if a.get_content_type() == "text/calendar"]
    assert len(attachments) == 1, [a.get_content_type() for a in message.iter_attachments()]
    assert attachments[0].get_filename().endswith(".ics")
    content = attachments[0].get_content()
    return content.decode() if isinstance(content, bytes) else content


@pytest.mark.browser_context_args(**PHONE)
def test_last_seat_cancel_from_the_email_link_promotes_the_person_waiting(
    site, smtp_sink, page: Page
):
    """B takes the last seat on a phone, C waits, both confirming by the e-mailed link; B cancels
    from the e-mail and C gets the seat."""
    workshop = WorkshopFactory(capacity=2, title="Własna firma po powrocie", slug="wlasna-firma")
    RegistrationFactory(workshop=workshop, name="Anna Kowalska", email="anna@example.org")

    # B, in Polish, gets the last seat; the form fits the phone's screen.
    page.goto(f"{site}/workshops/wlasna-firma/")
    expect(page.locator(".seats")).to_have_text("zostało 1 miejsce")
    page.get_by_role("link", name="Zapisz się", exact=True).click()
    expect(page).to_have_url(f"{site}/workshops/wlasna-firma/register/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    register(page, page.url, name="Bartosz Wiśniewski", email="Bartosz@Example.org")
    # "Check your inbox": the page never tells whether the address was registered before.
    expect(page).to_have_url(f"{site}/workshops/wlasna-firma/register/sent/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)

    # C, in English, finds the workshop full and joins the waiting list.
    page.goto(f"{site}/en/workshops/wlasna-firma/")
    expect(page.locator(".seats")).to_have_text("Full: join the waiting list")
    page.get_by_role("link", name="Join the waiting list").click()
    register(page, page.url, name="Chloe Nowak", email="chloe@example.org")
    expect(page).to_have_url(f"{site}/en/workshops/wlasna-firma/register/sent/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

    # Each gets a "please confirm" e-mail first, in their language: no seat counts until then.
    messages = smtp_sink.wait_for(2)
    assert len(messages) == 2, [(m["To"], subject(m)) for m in messages]
    ask_b = mail_to(messages, "bartosz@example.org", "Potwierdź swoje zgłoszenie")
    assert ask_b["Content-Language"] == "pl"
    ask_c = mail_to(messages, "chloe@example.org", "Please confirm your registration")
    assert workshop.registrations.confirmed().count() == 1

    # B opens the link: a page with a button (a link scanner confirms nothing); B presses it.
    confirm_b = re.search(rf"{re.escape(site)}/registrations/[\w-]+/confirm/", text_body(ask_b))
    page.goto(confirm_b.group(0))
    assert Registration.objects.get(email="bartosz@example.org").status == "pending"
    assert_accessible(page)
    page.get_by_role("button", name="Potwierdzam moje zgłoszenie").click()
    expect(
        page.get_by_text("Dziękujemy: Twoje miejsce jest potwierdzone. Wysłaliśmy Ci e-mail.")
    ).to_be_visible()
    # C confirms too and, the seat being B's, joins the waiting list.
    confirm_c = re.search(rf"{re.escape(site)}/en/registrations/[\w-]+/confirm/", text_body(ask_c))
    page.goto(confirm_c.group(0))
    page.get_by_role("button", name="Confirm my registration").click()
    expect(page.get_by_text("Thank you: you are on the waiting list.")).to_be_visible()
    assert_accessible(page)

    # B's confirmation (Polish, .ics, manage link) and C's waiting-list notice (English).
    messages = smtp_sink.wait_for(4)
    confirmation = mail_to(messages, "bartosz@example.org", "Potwierdzamy Twoje miejsce")
    assert confirmation["Content-Language"] == "pl"
    assert subject(confirmation) == "Potwierdzamy Twoje miejsce: Własna firma po powrocie"
    assert "BEGIN:VCALENDAR" in ics_attachment(confirmation)
    assert confirmation.get_body(preferencelist=("html",)) is not None
    body = text_body(confirmation)
    assert "Twoje zgłoszenie (szczegóły, anulowanie):" in body
    manage_url = re.search(rf"{re.escape(site)}/registrations/[\w-]+/", body).group(0)
    waiting = mail_to(messages, "chloe@example.org", "waiting list")
    assert waiting["Content-Language"] == "en"
    assert "you are number 1 on the waiting list" in text_body(waiting)

    # B follows the link from the e-mail, is asked first, and cancels with the button.
    page.goto(manage_url)
    expect(page.get_by_text("Twoje miejsce jest potwierdzone.")).to_be_visible()
    page.get_by_role("link", name="Anuluj moje zgłoszenie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anulować Twoje zgłoszenie?")
    assert Registration.objects.get(email="bartosz@example.org").status == "confirmed"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    page.get_by_role("button", name="Tak, anuluj moje zgłoszenie").click()
    expect(
        page.get_by_text("Twoje zgłoszenie zostało anulowane. Wysłaliśmy Ci e-mail.")
    ).to_be_visible()
    expect(page.get_by_text("To zgłoszenie zostało anulowane.")).to_be_visible()
    expect(page.get_by_role("link", name="Anuluj moje zgłoszenie")).to_have_count(0)

    # C is promoted at once and told in English, with the calendar file and their own link.
    messages = smtp_sink.wait_for(6)
    assert len(messages) == 6, [(m["To"], subject(m)) for m in messages]
    cancelled = mail_to(messages, "bartosz@example.org", "Zgłoszenie anulowane")
    assert cancelled["Content-Language"] == "pl"
    promoted = mail_to(messages, "chloe@example.org", "A seat is yours")
    assert promoted["Content-Language"] == "en"
    assert subject(promoted) == "A seat is yours: Własna firma po powrocie"
    assert "BEGIN:VCALENDAR" in ics_attachment(promoted)
    chloe = Registration.objects.get(email="chloe@example.org")
    assert chloe.status == Registration.Status.CONFIRMED
    assert f"{site}/en/registrations/{chloe.token}/" in text_body(promoted)
    assert Registration.objects.get(email="bartosz@example.org").status == "cancelled"
    assert workshop.registrations.confirmed().count() == 2

    page.goto(f"{site}/en/registrations/{chloe.token}/")
    expect(page.get_by_text("Your seat is confirmed.")).to_be_visible()


def test_public_workshop_pages_pass_axe(site, page: Page):
    """axe-core finds nothing on the list, a workshop, the form (empty and with errors), a registration."""
    now = timezone.now()
    open_workshop = WorkshopFactory(slug="fundusze", title="Dotacje na start", capacity=3)
    full = WorkshopFactory(slug="pelny", capacity=1, starts_at=now + timedelta(days=12))
    RegistrationFactory(workshop=full)
    waiting = RegistrationFactory(workshop=full, status=Registration.Status.WAITING)
    WorkshopFactory(
        slug="pozniej",
        starts_at=now + timedelta(days=40),
        registration_opens_at=now + timedelta(days=5),
    )
    no_list = WorkshopFactory(
        slug="bez-listy", capacity=1, has_waiting_list=False, starts_at=now + timedelta(days=14)
    )
    RegistrationFactory(workshop=no_list)

    page.goto(f"{site}/workshops/")
    expect(page.locator(".seats")).to_have_text(
        [
            "zostały 3 miejsca",
            "Brak miejsc: zapisz się na listę rezerwową",
            "Brak miejsc",
            re.compile("^Zapisy od"),
        ]
    )
    assert_accessible(page)

    page.goto(f"{site}/workshops/{open_workshop.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dotacje na start")
    assert_accessible(page)

    page.goto(f"{site}/workshops/{open_workshop.slug}/register/")
    assert_accessible(page)

    # Nothing filled in: every required field says what is missing, in Polish, and the page stays accessible.
    page.locator("input[name=participant_type][value=entrepreneur]").check()
    page.locator(".registration-form button[type=submit]").click()
    expect(page.locator(".invalid-feedback")).not_to_have_count(0)
    expect(page.get_by_text("Potwierdź, że zapoznałeś(-aś) się")).to_be_visible()
    expect(page.locator("#id_name")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#id_company")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#id_company")).to_be_visible()  # the error is never on a hidden field
    expect(page.locator("#id_country")).to_be_hidden()
    assert not Registration.objects.filter(workshop=open_workshop).exists()
    assert_accessible(page)

    page.goto(f"{site}/registrations/{waiting.token}/")
    expect(page.get_by_text("Jesteś na 1. miejscu listy rezerwowej")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{site}/en/registrations/{waiting.token}/")
    page.get_by_role("link", name="Cancel my registration").click()
    expect(page.get_by_role("button", name="Yes, cancel my registration")).to_be_visible()
    assert_accessible(page)


def test_staff_check_in_with_the_keyboard_and_axe(site, page: Page):
    """Staff reach the check-in buttons with Tab, switch them with Space and Enter; it is stored."""
    workshop = WorkshopFactory(slug="kwalifikacje", capacity=2)
    first = RegistrationFactory(workshop=workshop, name="Ewa Zielińska")
    RegistrationFactory(workshop=workshop, name="Piotr Lis", needs="Pętla indukcyjna")
    RegistrationFactory(workshop=workshop, name="Olga Czarna", status=Registration.Status.WAITING)

    client = Client()
    client.force_login(StaffUserFactory())
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": site,
            }
        ]
    )
    page.goto(f"{site}/staff/workshops/kwalifikacje/attendees/")
    row = page.locator(f"#registration-{first.pk}")
    expect(row.locator(".attendance-state")).to_have_text("Nie sprawdzono")
    assert_accessible(page)

    present = row.locator("button[value=yes]")
    absent = row.locator("button[value=no]")
    for _ in range(60):
        page.keyboard.press("Tab")
        if present.evaluate("button => button === document.activeElement"):
            break
    expect(present).to_be_focused()

    page.keyboard.press("Space")
    expect(present).to_have_attribute("aria-pressed", "true")
    expect(row.locator(".attendance-state")).to_have_text("Obecny(-a)")
    expect(present).to_be_focused()  # updated in place: the keyboard user keeps their place
    first.refresh_from_db()
    assert first.attended is True

    page.keyboard.press("Tab")
    expect(absent).to_be_focused()
    page.keyboard.press("Enter")
    expect(absent).to_have_attribute("aria-pressed", "true")
    expect(present).to_have_attribute("aria-pressed", "false")
    expect(row.locator(".attendance-state")).to_have_text("Nieobecny(-a)")
    first.refresh_from_db()
    assert first.attended is False

    page.reload()
    expect(row.locator(".attendance-state")).to_have_text("Nieobecny(-a)")
    expect(absent).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)


def test_unsubscribe_and_reminder_pages_ask_first_and_pass_axe(site, browser):
    """On a phone the unsubscribe and reminder links show a button; pressing it does the change."""
    subscription = InterestSubscriptionFactory(email="fan@example.org")
    registration = RegistrationFactory()
    context = browser.new_context(**PHONE)
    page = context.new_page()

    page.goto(f"{site}/en/workshops/unsubscribe/{subscription.token}/")
    assert_accessible(page)
    assert InterestSubscription.objects.get(pk=subscription.pk).unsubscribed_at is None
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    assert_accessible(page)
    assert InterestSubscription.objects.get(pk=subscription.pk).unsubscribed_at is not None

    page.goto(f"{site}/workshops/reminders-off/{reminders_off_token(registration)}/")
    assert_accessible(page)
    page.get_by_role("button", name="Nie wysyłajcie mi więcej przypomnień").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Przypomnienia są wyłączone")
    assert_accessible(page)
    assert Registration.objects.get(pk=registration.pk).reminders_off_at is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
