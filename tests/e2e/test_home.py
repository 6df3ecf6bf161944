import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_switches_to_english_and_passes_axe(live_server, page: Page):
    """A visitor opens the Polish home page, switches to English, and axe-core finds nothing."""
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    assert_accessible(page)

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_attached()
    assert_accessible(page)


def test_skip_link_is_the_first_stop_for_the_keyboard(live_server, page: Page):
    """Tab from the top of the page reaches the skip link first, and it moves focus to main."""
    page.goto(live_server.url + "/en/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_home_fits_a_360_pixel_phone(live_server, page: Page):
    """At 360 px the page does not scroll sideways."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)


def test_the_axe_helper_catches_a_violation(page: Page):
    """The accessibility check fails on a page with an unlabelled field and an image without alt."""
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"><input></main></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
