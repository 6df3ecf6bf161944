"""Browser tests of merging two records: from the duplicates list to the kept record, 360 px."""

import pytest
from playwright.sync_api import Page, expect

from contacts.models import Person
from tests.contacts.factories import CaseFactory, PersonFactory
from tests.e2e.axe import assert_accessible
from tests.e2e.test_contacts import PHONE_WIDTH, assert_no_sideways_scroll, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_clerk_merges_a_flagged_duplicate_on_a_phone(live_server, page: Page):
    """On a 360 px screen: the list, the side-by-side choices, the merge, the kept record."""
    page.set_viewport_size(PHONE_WIDTH)
    original = PersonFactory(
        name="Małgorzata Wiśniewska", email="m.wisniewska@example.com", phone="+48600111222"
    )
    CaseFactory(person=original)
    flagged = PersonFactory(
        name="Gosia Wiśniewska",
        email="gosia.w.dublin@example.ie",
        phone="+48600111222",
        country="IE",
        possible_duplicate_of=original,
    )
    CaseFactory(person=flagged)
    sign_in(page, live_server, "/en/staff/people/duplicates/")
    assert_no_sideways_scroll(page)
    assert_accessible(page)

    page.get_by_role("link", name="Compare and merge").click()
    expect(page.get_by_role("heading", name="Merge two records")).to_be_visible()
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    name = page.get_by_role("group", name="Name")
    expect(name.get_by_label("Małgorzata Wiśniewska")).to_be_checked()
    expect(page.get_by_role("group", name="Lives in").get_by_label("Ireland")).to_be_checked()
    page.get_by_role("group", name="E-mail").get_by_label("gosia.w.dublin@example.ie").check()
    page.get_by_role("button", name=f"Merge #{flagged.pk} into #{original.pk}").click()

    expect(page.get_by_role("status")).to_contain_text(f"person #{flagged.pk} is now part")
    expect(page.get_by_role("heading", level=1)).to_have_text("Małgorzata Wiśniewska")
    kept = Person.objects.get(pk=original.pk)
    assert (kept.email, str(kept.country), kept.cases.count()) == (
        "gosia.w.dublin@example.ie",
        "IE",
        2,
    )
    page.goto(f"{live_server.url}/en/staff/people/{flagged.pk}/")
    expect(page).to_have_url(f"{live_server.url}/en/staff/people/{kept.pk}/")


def test_merge_screen_on_a_desktop_is_accessible(live_server, page: Page):
    """At 1280 px the two records stand in columns and the page passes axe-core."""
    page.set_viewport_size({"width": 1280, "height": 900})
    keep = PersonFactory(name="Jan Nowak", email="jan@example.com")
    discard = PersonFactory(name="Jan Nowak", email="", months_away=18)
    sign_in(page, live_server, f"/en/staff/people/{keep.pk}/merge/{discard.pk}/")
    # Only e-mail, phone and months away differ; the rest shows once, as the same in both.
    expect(page.get_by_role("group")).to_have_count(3)
    assert_accessible(page)
