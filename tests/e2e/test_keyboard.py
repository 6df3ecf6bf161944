"""The keyboard alone reaches everything on the home page, and always shows where focus is."""

import pytest
from playwright.sync_api import Page

from returnportal.news import demo as news_demo
from returnportal.pages import demo as pages_demo

pytestmark = pytest.mark.django_db(transaction=True)

MAX_TABS = 200

# The elements a Tab press should stop at, in the page as it is laid out now.
TABBABLE_JS = """() => Array.from(document.querySelectorAll(
  'a[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable="true"]'
)).filter((el) => !el.disabled && el.tabIndex >= 0 && el.getClientRects().length > 0
  && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[inert]')).length"""

# What the focused element looks like: a stable description, its box and its focus ring.
FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  if (!el.dataset.tabStop) el.dataset.tabStop = String(document.querySelectorAll('[data-tab-stop]').length);
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return {
    stop: el.dataset.tabStop,
    name: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "'
      + (el.getAttribute('aria-label') || el.textContent || el.name || '').replace(/\\s+/g, ' ').trim().slice(0, 40) + '"',
    ring: outline || style.boxShadow !== 'none',
    seen: rect.width > 0 && rect.height > 0,
  };
}"""


@pytest.fixture(autouse=True)
def demo_content(transactional_db):
    """The demo news and pages, so the home page has its full set of links."""
    pages_demo.load()
    news_demo.load()


def tab_through(page: Page) -> list[dict]:
    """Press Tab until focus leaves the page or comes round again; describe each focus stop."""
    stops: list[dict] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None or (stops and focused["stop"] == stops[0]["stop"]):
            return stops
        stops.append(focused)
    pytest.fail(f"focus never left the page after {MAX_TABS} Tab presses (a keyboard trap?)")


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_every_focus_stop_on_the_home_page_shows_a_focus_ring(live_server, page: Page, path):
    """Tab visits every interactive element once, each visibly focused, and then leaves the page."""
    page.goto(live_server.url + path)
    expected = page.evaluate(TABBABLE_JS)
    stops = tab_through(page)

    names = [stop["name"] for stop in stops]
    assert len({stop["stop"] for stop in stops}) == len(stops), "an element took focus twice"
    assert len(stops) == expected, f"{expected} tabbable elements, Tab reached {names}"
    without_ring = [stop["name"] for stop in stops if not stop["ring"]]
    assert without_ring == [], f"focused without a visible focus indicator: {without_ring}"
    invisible = [stop["name"] for stop in stops if not stop["seen"]]
    assert invisible == [], f"focused while not visible: {invisible}"


def test_the_tab_walk_catches_a_missing_focus_ring(page: Page):
    """A link whose focus outline is removed is reported; one with a box-shadow ring is not."""
    page.set_content(
        '<html lang="en"><head><title>t</title><style>'
        "a:focus { outline: none; } #shadow:focus { box-shadow: 0 0 0 3px blue; }"
        '</style></head><body><a href="#a" id="bare">bare</a> <a href="#b" id="shadow">ring</a>'
        "</body></html>"
    )
    stops = tab_through(page)
    assert [(stop["name"], stop["ring"]) for stop in stops] == [
        ('a#bare "bare"', False),
        ('a#shadow "ring"', True),
    ]
