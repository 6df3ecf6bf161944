"""The information panel on the office's screen, in landscape and portrait: screenshots included."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from returnportal.news import demo as news_demo
from returnportal.pages import demo as pages_demo
from returnportal.pages.models import OfficeInfo
from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SCREENS = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
MIN_TITLE_PX = 40
CLOCK_START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

# How far (px) the active slide's content reaches past the slides' box, which hides overflow.
OVERFLOW_JS = """() => {
  const box = document.getElementById("kiosk-slides").getBoundingClientRect();
  const active = document.querySelector("#kiosk-slides .kiosk-slide.is-active");
  let worst = 0;
  for (const el of active.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    worst = Math.max(worst, box.top - r.top, r.bottom - box.bottom,
                     box.left - r.left, r.right - box.right);
  }
  return Math.round(worst);
}"""


@pytest.fixture(autouse=True)
def demo_content(transactional_db):
    """The demo news and office information the panel shows."""
    pages_demo.load()
    news_demo.load()


def _open_kiosk(page: Page, origin: str, screen: str) -> None:
    """Open the panel at the screen's size with a paused clock the test moves on by hand.

    Reduced motion drops the slides' 0.6 s fade, so each slide can be looked at at once.
    """
    width, height = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": height})
    page.emulate_media(reduced_motion="reduce")
    page.clock.install(time=CLOCK_START)
    page.clock.pause_at(CLOCK_START + timedelta(seconds=1))
    response = page.goto(origin + "/kiosk/")
    assert response is not None and response.status == 200


def _slide_ms(page: Page) -> int:
    return int(page.locator("#kiosk-slides").get_attribute("data-slide-seconds")) * 1000


def _active_index(page: Page) -> int:
    return page.evaluate(
        "Array.from(document.querySelectorAll('#kiosk-slides .kiosk-slide'))"
        ".findIndex((s) => s.classList.contains('is-active'))"
    )


def _settle(page: Page) -> None:
    """Wait for the active slide's fade-in to finish before looking at it."""
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.kiosk-slide.is-active')).opacity === '1'",
        polling=50,
    )


@pytest.mark.parametrize("screen", SCREENS, ids=list(SCREENS))
def test_kiosk_fills_the_screen_and_rotates(live_server, page: Page, screen):
    """The panel fits the screen, shows the hotline, big type and a QR code, rotates, stays local."""
    width, height = SCREENS[screen]
    origin = live_server.url
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    _open_kiosk(page, origin, screen)

    slides = page.locator("#kiosk-slides .kiosk-slide")
    count = slides.count()
    assert count >= 2
    assert _active_index(page) == 0
    _settle(page)

    # The page is exactly one screen: nothing to scroll, in either direction.
    metrics = page.evaluate(
        "({sw: document.documentElement.scrollWidth, sh: document.documentElement.scrollHeight,"
        " body: document.body.getBoundingClientRect().toJSON()})"
    )
    assert metrics["sw"] <= width and metrics["sh"] <= height
    assert round(metrics["body"]["width"]) == width and round(metrics["body"]["height"]) == height

    hotline = page.locator(".kiosk-footer .kiosk-hotline")
    expect(hotline).to_be_visible()
    expect(hotline).to_contain_text(OfficeInfo.current().phone)
    assert hotline.bounding_box()["y"] + hotline.bounding_box()["height"] <= height

    title = page.locator(".kiosk-slide.is-active .kiosk-title")
    expect(title).to_be_visible()
    font_size = float(title.evaluate("(el) => getComputedStyle(el).fontSize").removesuffix("px"))
    assert font_size >= MIN_TITLE_PX

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"kiosk-{width}x{height}.png")

    # Slides rotate on their own after the interval the panel reads from its data attribute.
    slide_ms = _slide_ms(page)
    page.clock.run_for(slide_ms - 500)
    assert _active_index(page) == 0
    page.clock.run_for(500)
    assert _active_index(page) == 1
    page.clock.run_for(slide_ms * (count - 1))
    assert _active_index(page) == 0
    seen_qr = False
    for step in range(1, count + 1):
        qr = page.locator(".kiosk-slide.is-active .kiosk-qr svg")
        if not seen_qr and qr.count():
            expect(qr).to_be_visible()
            box = qr.bounding_box()
            assert box["width"] >= 200 and box["y"] + box["height"] <= height
            page.screenshot(path=SCREENSHOTS / f"kiosk-{width}x{height}-qr.png")
            seen_qr = True
        page.clock.run_for(slide_ms)
        assert _active_index(page) == step % count
        _settle(page)
    assert seen_qr, "no slide shows a QR code"

    # Every few minutes the slides are fetched again, from this site.
    refresh_ms = int(page.locator("#kiosk-slides").get_attribute("data-refresh-seconds")) * 1000
    with page.expect_response(lambda r: r.url.startswith(origin + "/kiosk/slides/")) as info:
        page.clock.run_for(refresh_ms)
    assert info.value.ok

    page.clock.resume()  # axe-core schedules its work with timers
    assert_accessible(page)

    outside = [url for url in requests if not url.startswith((origin + "/", "data:", "blob:"))]
    assert requests and outside == []


@pytest.mark.parametrize(
    "screen",
    [
        "landscape",
        "portrait",
    ],
)
def test_kiosk_slides_are_not_cut_off(live_server, page: Page, screen):
    """Every slide's text and code fit inside the slides' area: the panel cuts off what does not."""
    _open_kiosk(page, live_server.url, screen)
    count = page.locator("#kiosk-slides .kiosk-slide").count()
    overflow = {}
    for step in range(count):
        _settle(page)
        overflow[_active_index(page)] = page.evaluate(OVERFLOW_JS)
        page.clock.run_for(_slide_ms(page))
        assert _active_index(page) == (step + 1) % count
    assert all(px <= 1 for px in overflow.values()), f"px past the edge, by slide: {overflow}"
