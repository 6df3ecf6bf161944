"""IBM's Equal Access engine finds no WCAG 2.1 AA violation on any page, at 360 and 1280 px.

The pages are those of the HTML check (tests/validators/pages.py: every public page from the
resolver and the clerks' main pages, both languages), over one committed demo data set and one
live server for the module, like tests/e2e/test_public_pages.py. Of the pages that repeat one
template for many items (articles, workshops) one per language is taken.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import skip_or_fail
from tests.e2e.axe import ACE_JS, assert_equal_access
from tests.e2e.test_public_pages import site  # noqa: F401 (the module's live server and demo data)
from tests.factories import PASSWORD, StaffUserFactory
from tests.validators.pages import (
    FRAGMENTS,
    STAFF_PAGES,
    load_world,
    public_names,
    public_paths,
    staff_paths,
    view_name,
)

WIDTHS = {"phone": (360, 740), "desktop": (1280, 800)}


@pytest.fixture(scope="module")
def pages(site, django_db_blocker):  # noqa: F811
    """The pages to check, over the demo data the live server shows."""
    with django_db_blocker.unblock():
        world = load_world(sample=True)
        clerk = StaffUserFactory()
        return {
            "public": public_paths(world),
            "staff": staff_paths(world),
            "clerk": clerk.username,
        }


@pytest.fixture(scope="module")
def tabs(browser, site, pages):  # noqa: F811
    """One tab for visitors and one signed in as a clerk, kept for the whole module."""
    if not ACE_JS.exists():
        skip_or_fail(f"no {ACE_JS} (npm ci --prefix tests/a11y --ignore-scripts)")
    visitor = browser.new_context()
    clerk = browser.new_context()
    staff_tab = clerk.new_page()
    staff_tab.goto(f"{site}/accounts/login/?next=/staff/")
    staff_tab.locator("#id_username").fill(pages["clerk"])
    staff_tab.locator("#id_password").fill(PASSWORD)
    staff_tab.locator("#id_password").press("Enter")
    expect(staff_tab).to_have_url(re.compile(r"/staff/$"))
    yield {"public": visitor.new_page(), "staff": staff_tab}
    visitor.close()
    clerk.close()


def check(base_url: str, tab: Page, paths: list[str]) -> None:
    """Each page at each width; fail once, at the end, listing every page's violations.

    A page is loaded once and then resized: the engine checks what the new width lays out.
    """
    failures = []
    for path in paths:
        if "no-such-page" not in path and view_name(path) in FRAGMENTS:
            continue  # a part of the kiosk page, which is checked whole
        tab.goto(base_url + path)
        for width, height in WIDTHS.values():
            tab.set_viewport_size({"width": width, "height": height})
            try:
                assert_equal_access(tab)
            except AssertionError as error:
                failures.append(f"@{width}px {error}")
    assert not failures, "\n".join(failures)


def test_public_pages_pass_ibm_equal_access(site, tabs, pages):  # noqa: F811
    check(site, tabs["public"], pages["public"])


def test_staff_pages_pass_ibm_equal_access(site, tabs, pages):  # noqa: F811
    check(site, tabs["staff"], pages["staff"])


@pytest.mark.django_db
def test_the_sample_holds_every_public_and_staff_url_in_both_languages():
    """Sampling leaves out items, never a URL: each is checked in Polish and in English."""
    world = load_world(sample=True)
    seen = set()
    for path in public_paths(world) + staff_paths(world):
        if "no-such-page" not in path:
            seen.add((view_name(path), path.startswith("/en/")))
    expected = {(name, english) for name in public_names() + STAFF_PAGES for english in (0, 1)}
    assert expected - seen == set()
