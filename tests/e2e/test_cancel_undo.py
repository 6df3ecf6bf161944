"""Browser tests: live check-in counts, cancelling that asks first, the staff undo; by keyboard."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.axe import assert_accessible
from tests.factories import StaffUserFactory
from tests.workshops.factories import RegistrationFactory, WorkshopFactory
from workshops import services
from workshops.models import Registration

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = Path(__file__).resolve().parents[2] / "var" / "screens"
WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
MAX_TABS = 120


@pytest.fixture
def site(live_server, settings) -> str:
    settings.SITE_URL = live_server.url
    settings.REQUIRE_TWO_FACTOR = False
    return live_server.url


@pytest.fixture
def clerk():
    return StaffUserFactory()


def sign_in(context, site: str, user) -> None:
    """Give the browser context a signed-in staff session (no sign-in form to type through)."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": site,
            }
        ]
    )


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {target}")


def watch_navigations(page: Page) -> list[str]:
    """Every load of the page's main document from now on (a reload or a form post)."""
    loads: list[str] = []
    page.on(
        "framenavigated",
        lambda frame: loads.append(frame.url) if frame == page.main_frame else None,
    )
    page.evaluate("window.__sameDocument = true")
    return loads


def assert_no_sideways_scroll(page: Page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def count(page: Page, name: str) -> Locator:
    return page.locator(f'.checkin-counts [data-count="{name}"]')


def test_check_in_counts_change_without_a_page_load(site, clerk, page: Page):
    """Space and Enter on the check-in buttons update the row, the counts and the live region."""
    workshop = WorkshopFactory(slug="kwalifikacje", capacity=3)
    ewa = RegistrationFactory(workshop=workshop, name="Ewa Zielińska")
    RegistrationFactory(workshop=workshop, name="Piotr Lis")
    sign_in(page.context, site, clerk)
    page.goto(f"{site}/staff/workshops/kwalifikacje/attendees/")
    expect(count(page, "registered")).to_have_text("2")
    expect(count(page, "present")).to_have_text("0")
    expect(count(page, "unchecked")).to_have_text("2")
    live = page.locator("#checkin-announcement")
    expect(live).to_have_attribute("aria-live", "polite")
    loads = watch_navigations(page)

    row = page.locator(f"#registration-{ewa.pk}")
    present, absent = row.locator("button[value=yes]"), row.locator("button[value=no]")
    tab_to(page, present)
    page.keyboard.press("Space")
    expect(count(page, "present")).to_have_text("1")
    expect(count(page, "unchecked")).to_have_text("1")
    expect(row.locator(".attendance-state")).to_have_text("Obecny(-a)")
    expect(live).to_have_text(
        "Ewa Zielińska: obecny(-a). Obecni: 1 z 2, nieobecni: 0, jeszcze nie sprawdzono: 1."
    )
    expect(present).to_be_focused()

    page.keyboard.press("Tab")
    expect(absent).to_be_focused()
    page.keyboard.press("Enter")
    expect(count(page, "absent")).to_have_text("1")
    expect(count(page, "present")).to_have_text("0")
    expect(live).to_contain_text("Ewa Zielińska: nieobecny(-a).")
    assert page.evaluate("window.__sameDocument") is True
    assert loads == []
    ewa.refresh_from_db()
    assert ewa.attended is False

    page.reload()
    expect(count(page, "absent")).to_have_text("1")


def test_check_in_without_javascript_posts_and_comes_back(site, clerk, browser: Browser):
    """With scripts off the same buttons are a plain form post and a redirect to the row."""
    workshop = WorkshopFactory(slug="bez-js", capacity=2)
    ewa = RegistrationFactory(workshop=workshop, name="Ewa Zielińska")
    context = browser.new_context(java_script_enabled=False)
    sign_in(context, site, clerk)
    page = context.new_page()
    page.goto(f"{site}/en/staff/workshops/bez-js/attendees/")
    page.locator(f"#registration-{ewa.pk} button[value=yes]").click()
    expect(page).to_have_url(f"{site}/en/staff/workshops/bez-js/attendees/#registration-{ewa.pk}")
    expect(count(page, "present")).to_have_text("1")
    context.close()


def test_staff_cancel_asks_first_and_undo_gives_the_seat_back(site, clerk, page: Page):
    """By keyboard: "Anuluj…" opens the question, the cancel lands under "Właśnie anulowane",
    and "Cofnij anulowanie" gives the seat back."""
    workshop = WorkshopFactory(slug="dotacje", capacity=2, title="Dotacje na start")
    jan = RegistrationFactory(workshop=workshop, name="Jan Nowak", email="jan@example.org")
    sign_in(page.context, site, clerk)
    page.goto(f"{site}/staff/workshops/dotacje/attendees/")

    tab_to(page, page.locator(f"#registration-{jan.pk}").get_by_role("link", name="Anuluj…"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/staff/workshops/dotacje/attendees/{jan.pk}/cancel/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anulować zgłoszenie?")
    jan.refresh_from_db()
    assert jan.status == Registration.Status.CONFIRMED  # asking changed nothing

    tab_to(page, page.get_by_role("button", name="Tak, anuluj zgłoszenie"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/staff/workshops/dotacje/attendees/#just-cancelled")
    expect(page.get_by_role("status").first).to_contain_text(
        "Zgłoszenie osoby Jan Nowak zostało anulowane"
    )
    just = page.locator("#just-cancelled")
    expect(just).to_contain_text("Jan Nowak")
    expect(count(page, "registered")).to_have_text("0")
    jan.refresh_from_db()
    assert jan.status == Registration.Status.CANCELLED

    tab_to(page, just.get_by_role("button", name="Cofnij anulowanie"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text(
        "Anulowanie zostało cofnięte: Jan Nowak znów ma miejsce."
    )
    expect(page.locator("#just-cancelled")).to_have_count(0)
    expect(page.locator(f"#registration-{jan.pk}")).to_contain_text("Jan Nowak")
    expect(count(page, "registered")).to_have_text("1")
    jan.refresh_from_db()
    assert jan.status == Registration.Status.CONFIRMED


@pytest.mark.browser_context_args(viewport=WIDTHS["phone"], is_mobile=True, has_touch=True)
def test_registrant_cancel_asks_first_by_keyboard(site, page: Page):
    """From the e-mailed page, Enter on "Cancel my registration" asks; only the button cancels."""
    registration = RegistrationFactory(
        workshop=WorkshopFactory(title="Recognition of diplomas"), language="en"
    )
    page.goto(f"{site}/en/registrations/{registration.token}/")
    tab_to(page, page.get_by_role("link", name="Cancel my registration"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your registration?")
    expect(page.get_by_role("main")).to_contain_text("Recognition of diplomas")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED

    tab_to(page, page.get_by_role("link", name="No, keep my registration"))
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Yes, cancel my registration")).to_be_focused()
    page.keyboard.press("Enter")
    expect(
        page.get_by_text("Your registration is cancelled. We have sent you an e-mail.")
    ).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_pages_pass_axe_on_a_phone_and_a_desktop(site, clerk, page: Page, language):
    """axe finds nothing on the four pages at 360 and 1280 px; screenshots go to var/screens/."""
    prefix = "" if language == "pl" else "/en"
    workshop = WorkshopFactory(slug="firma", capacity=3, title="Własna firma po powrocie")
    mine = RegistrationFactory(
        workshop=workshop, name="Bartosz Wiśniewski", email="bartosz.wisniewski@example.org"
    )
    RegistrationFactory(workshop=workshop, name="Ewa Zielińska", attended=True)
    RegistrationFactory(workshop=workshop, name="Piotr Lis", attended=False)
    RegistrationFactory(workshop=workshop, name="Olga Czarna", status="waiting")
    mistaken = RegistrationFactory(workshop=workshop, name="Jan Nowak")
    services.registration_cancel(registration=mistaken, by_staff=clerk)
    sign_in(page.context, site, clerk)
    pages = {
        "attendees": f"{site}{prefix}/staff/workshops/firma/attendees/",
        "staff-cancel": f"{site}{prefix}/staff/workshops/firma/attendees/{mine.pk}/cancel/",
        "registration": f"{site}{prefix}/registrations/{mine.token}/",
        "cancel": f"{site}{prefix}/registrations/{mine.token}/cancel/",
    }
    SCREENS.mkdir(parents=True, exist_ok=True)
    for width_name, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        for name, url in pages.items():
            page.goto(url)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            page.screenshot(
                path=SCREENS / f"{name}-{language}-{viewport['width']}.png", full_page=True
            )
            assert_accessible(page)
            if width_name == "phone":
                assert_no_sideways_scroll(page)
