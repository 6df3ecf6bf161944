"""Staff and public pages on a 360-px phone: whole words, 44-px targets, visible form controls.

Screenshots land in var/screens/ (not committed) to be looked at, in Polish and in English.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from contacts import demo
from tests.contacts.factories import CaseFactory, PersonFactory
from tests.e2e.axe import assert_accessible
from tests.e2e.test_contacts import PHONE_WIDTH, sign_in
from tests.workshops.factories import RegistrationFactory, WorkshopFactory

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP_WIDTH = {"width": 1280, "height": 900}
SCREENS = Path(__file__).resolve().parents[2] / "var" / "screens"
MIN_TARGET = 44  # px, WCAG 2.5.5 and the platforms' guidelines for touch

# Words split across two lines inside themselves, in everything visible (visually hidden text is
# clipped and skipped). Typed text in `.user-text`, e-mail addresses and links may break.
BROKEN_WORDS_JS = """
() => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const clipped = el => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.clip !== 'auto' || style.clipPath !== 'none') return true;
    }
    return false;
  };
  const hidden = el => el.closest('.user-text, script, style, noscript, option')
    || el.getClientRects().length === 0 || clipped(el);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || hidden(el)) continue;
    // Words end at spaces, slashes, dashes, and hyphens between two letters (a double surname
    // or "Handlowo-Usługowe" may break there); "Obecny(-a)" is one word.
    const re = /(?:[^\\s\\/\\u2013\\u2014-]|(?<!\\p{L})-|-(?!\\p{L}))+/gu;
    let match;
    while ((match = re.exec(node.data)) !== null) {
      if (/@|:\\/\\/|^www\\./.test(match[0])) continue;  // e-mail addresses and links may break
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
        .map(r => Math.round(r.top)));
      if (tops.size > 1) {
        const box = el.getBoundingClientRect();
        broken.push(`"${match[0]}" in <${el.tagName.toLowerCase()} class="${el.className}"> `
          + `${Math.round(box.width)}px wide`);
      }
    }
  }
  return broken;
}
"""

# Buttons, form fields and navigation links smaller than a fingertip. Links inside running
# text are exempt (WCAG's "inline" exception); checkboxes and radios count with their label.
SMALL_TARGETS_JS = """
(min) => {
  const selector = 'button, .btn, input:not([type=hidden]):not([type=checkbox]):not([type=radio]),'
    + ' select, textarea, nav a, .page-link, summary';
  return [...document.querySelectorAll(selector)]
    .filter(el => !el.closest('.visually-hidden, .skip-link') && el.getClientRects().length)
    .map(el => [el, el.getBoundingClientRect()])
    .filter(([el, r]) => r.height < min - 0.5 || r.width < min - 0.5)
    .map(([el, r]) => `<${el.tagName.toLowerCase()} class="${el.className}">`
      + `${(el.textContent || el.name || '').trim().slice(0, 30)}: `
      + `${Math.round(r.width)}x${Math.round(r.height)}`);
}
"""


def words_broken_inside(page: Page) -> list[str]:
    return page.evaluate(BROKEN_WORDS_JS)


def targets_too_small(page: Page) -> list[str]:
    return page.evaluate(SMALL_TARGETS_JS, MIN_TARGET)


def screenshot(page: Page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS / f"{name}.png", full_page=True)


@pytest.fixture
def check_in_workshop(db):
    """A workshop today with long Polish names, a long company and a long e-mail address."""
    workshop = WorkshopFactory(
        title="Zakładanie jednoosobowej działalności gospodarczej po powrocie z zagranicy",
        starts_at=timezone.now() + timedelta(hours=2),
    )
    RegistrationFactory(
        workshop=workshop,
        name="Małgorzata Wierzbięta-Przybyszewska",
        email="malgorzata.wierzbieta-przybyszewska@przedsiebiorstwo-handlowe.example.com",
        company="Przedsiębiorstwo Handlowo-Usługowe „Świętokrzyskie Rękodzieło”",
        needs="Tłumaczenie na język ukraiński",
        attended=True,
    )
    RegistrationFactory(workshop=workshop, name="Jan Kowalski", phone="+48600111222")
    RegistrationFactory(workshop=workshop, name="Zofia Nowak", status="waiting")
    return workshop


@pytest.mark.parametrize("language", ["pl", "en"])
def test_case_list_and_check_in_keep_whole_words_and_44_px_targets_at_360(
    live_server, page: Page, check_in_workshop, language
):
    """On a phone no word splits inside itself, no control is under 44 px, and axe is clean."""
    demo.load()
    CaseFactory(person=PersonFactory(name="Bartłomiej Grzegorzewski-Wojciechowski"))
    prefix = "" if language == "pl" else "/en"
    pages = {
        "cases": f"{prefix}/staff/cases/",
        "check-in": f"{prefix}/staff/workshops/{check_in_workshop.slug}/attendees/",
    }
    sign_in(page, live_server, pages["cases"])
    problems = []
    for name, path in pages.items():
        page.goto(live_server.url + path)
        for size in (DESKTOP_WIDTH, PHONE_WIDTH):
            page.set_viewport_size(size)
            screenshot(page, f"{name}-{language}-{size['width']}")
            assert_accessible(page)
        problems += [f"{path}: word broken: {w}" for w in words_broken_inside(page)]
        problems += [f"{path}: small target: {t}" for t in targets_too_small(page)]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE_WIDTH["width"]:
            problems.append(f"{path}: {width}px wide")
    assert not problems, "\n".join(problems)


def test_every_staff_section_and_the_public_pages_keep_whole_words_at_360(
    live_server, page: Page, check_in_workshop
):
    """The rest of the workspace and the public pages pass the same two checks on a phone."""
    demo.load()
    case = CaseFactory(person=PersonFactory(email="bartlomiej.grzegorzewski@przyklad.example.com"))
    sign_in(page, live_server, "/staff/")
    page.set_viewport_size(PHONE_WIDTH)
    paths = [
        "/staff/",
        "/staff/log/",
        case.get_absolute_url(),
        case.person.get_absolute_url(),
        "/staff/people/",
        "/staff/people/duplicates/",
        "/staff/workshops/",
        f"/staff/workshops/{check_in_workshop.slug}/register/",
        "/staff/surveys/",
        "/staff/visits/",
        "/staff/reports/monthly/",
        "/en/staff/reports/quarterly/",
        "/",
        "/workshops/",
        f"/workshops/{check_in_workshop.slug}/",
        "/contact/",
        "/en/contact/",
        "/institutions/",
        "/survey/",
        "/news/",
    ]
    problems = []
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        problems += [f"{path}: word broken: {w}" for w in words_broken_inside(page)]
        problems += [f"{path}: small target: {t}" for t in targets_too_small(page)]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE_WIDTH["width"]:
            problems.append(f"{path}: {width}px wide")
        screenshot(page, "page" + re.sub(r"[^a-z0-9]+", "-", path).rstrip("-") + "-360")
    assert not problems, "\n".join(problems)


# Non-text contrast -----------------------------------------------------------------------------
CONTROLS_JS = """
() => {
  const background = el => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (!/rgba\\(.*,\\s*0\\)$/.test(colour) && colour !== 'transparent') return colour;
    }
    return 'rgb(255, 255, 255)';
  };
  const selector = 'main input:not([type=hidden]):not([type=submit]), main select, main textarea';
  return [...document.querySelectorAll(selector)]
    .filter(el => el.getClientRects().length && !el.closest('.visually-hidden'))
    .map((el, index) => ({
      index: (el.dataset.contrastIndex = index),
      control: `${el.tagName.toLowerCase()}[type=${el.type}]#${el.id}`,
      border: getComputedStyle(el).borderTopColor,
      background: background(el),
    }));
}
"""

FOCUS_RING_JS = """
(index) => {
  const el = document.querySelector(`[data-contrast-index="${index}"]`);
  el.focus();
  const style = getComputedStyle(el);
  return {
    visible: el.matches(':focus-visible'),
    outline: style.outlineStyle === 'none' ? null : style.outlineColor,
    outlineWidth: parseFloat(style.outlineWidth),
    shadow: style.boxShadow,
  };
}
"""


def rgb(colour: str, over: tuple[float, ...] = (255, 255, 255)) -> tuple[float, ...]:
    """A computed CSS colour as sRGB, a translucent one blended over `over`."""
    parts = [float(p) for p in re.findall(r"[\d.]+", colour)]
    alpha = parts[3] if len(parts) > 3 else 1.0
    return tuple(alpha * c + (1 - alpha) * o for c, o in zip(parts[:3], over, strict=True))


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """The WCAG 2.1 contrast ratio of two sRGB colours."""

    def luminance(colour):
        channels = [c / 255 for c in colour]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def shadow_ring(shadow: str) -> tuple[str, float] | None:
    """The colour and spread of a box-shadow drawn as a ring (`rgb(…) 0px 0px 0px 5px`)."""
    found = re.match(r"(rgba?\([^)]*\))\s+0px\s+0px\s+0px\s+([\d.]+)px", shadow)
    return (found.group(1), float(found.group(2))) if found else None


def control_contrast_problems(page: Page) -> list[str]:
    """Every visible form control's border, and its focus ring, at 3:1 against the background."""
    problems = []
    controls = page.evaluate(CONTROLS_JS)
    assert len(controls) >= 4, controls
    page.keyboard.press("Tab")  # keyboard modality: focus() now shows the ring as Tab would
    for control in controls:
        background = rgb(control["background"])
        border = contrast(rgb(control["border"], background), background)
        if border < 3:
            problems.append(f"{control['control']}: border {border:.2f}:1")
        ring = page.evaluate(FOCUS_RING_JS, control["index"])
        colours = []
        if ring["outline"] and ring["outlineWidth"] >= 2:
            colours.append(ring["outline"])
        shadow = shadow_ring(ring["shadow"])
        if shadow and shadow[1] >= 2:
            colours.append(shadow[0])
        best = max((contrast(rgb(c, background), background) for c in colours), default=0)
        if not ring["visible"] or best < 3:
            problems.append(f"{control['control']}: focus ring {best:.2f}:1")
    return problems


def test_form_controls_and_their_focus_rings_stand_out_3_to_1(live_server, page: Page):
    """Text fields, selects, checkboxes and radios of the contact form and the quick log."""
    demo.load()
    page.emulate_media(reduced_motion="reduce")  # no transition: the ring is read as it ends
    page.set_viewport_size(PHONE_WIDTH)
    page.goto(live_server.url + "/contact/")
    problems = control_contrast_problems(page)
    sign_in(page, live_server, "/staff/log/")
    problems += control_contrast_problems(page)
    assert not problems, "\n".join(problems)
