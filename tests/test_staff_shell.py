"""One staff shell: every staff page has the menu, the menu follows each role, the section is marked.

Staff URLs are found from the resolver (as `tests/test_access.py` walks them), so a new staff
page that forgets to extend `templates/staff/base.html` fails here.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from returnportal.accounts.staff_nav import registered_entries, staff_nav_links
from tests.contacts.factories import CaseFactory
from tests.test_access import make_user, path_for, url_patterns, world  # noqa: F401  (fixture)
from tests.workshops.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

# A table of label and value (or answer, count, share) fits a 360-pixel screen as it is.
NARROW_TABLE_COLUMNS = 3


class StaffPage(HTMLParser):
    """What a rendered page says about the shell: the menu's links and the tables' layout."""

    def __init__(self, html: str):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.menus = 0
        self.menu_links: list[dict] = []
        self.tables: list[dict] = []
        self.open_tables: list[dict] = []
        self.row_cells = 0
        self.unlabelled_cells = 0
        self.feed(html)

    def inside(self, tag: str, css_class: str) -> dict | None:
        for open_tag, attrs in reversed(self.stack):
            if open_tag == tag and css_class in (attrs.get("class") or "").split():
                return attrs
        return None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "nav" and "staff-nav" in classes:
            self.menus += 1
        if tag == "a" and self.inside("nav", "staff-nav") is not None:
            self.menu_links.append(attrs)
        if tag == "table":
            box = self.inside("div", "table-responsive")
            self.tables.append({"stacked": "table-stack" in classes, "box": box, "columns": 0})
            self.open_tables.append(self.tables[-1])
        if tag == "tr":
            self.row_cells = 0
        if tag in {"td", "th"} and self.open_tables:
            self.row_cells += int(attrs.get("colspan") or 1)
            table = self.open_tables[-1]
            table["columns"] = max(table["columns"], self.row_cells)
        stacked = self.inside("table", "table-stack")
        if tag == "td" and stacked is not None and "data-label" not in attrs:
            self.unlabelled_cells += "colspan" not in attrs  # "No cases match." spans the row
        if tag not in {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "table" and self.open_tables:
            self.open_tables.pop()
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    @property
    def current(self) -> list[str]:
        return [link["href"] for link in self.menu_links if link.get("aria-current") == "page"]


CURRENT_PAGE_LINK = re.compile(r'<a\b[^>]*aria-current="page"')


def staff_pages(kwargs: dict) -> list[tuple[str, str]]:
    return [
        (name, path_for(route, kwargs.get(name, {})))
        for name, route in url_patterns()
        if route.startswith("staff/")
    ]


def test_every_staff_page_renders_the_shell_with_its_section_marked(client, world):  # noqa: F811
    """Each HTML staff page has the one menu, exactly one current link, and phone-ready tables."""
    client.force_login(make_user("superuser")())
    checked, problems = [], []
    for name, path in staff_pages(world["kwargs"]):
        response = client.get(path)
        if response.status_code == 405 or not response["Content-Type"].startswith("text/html"):
            continue  # a form's POST target, a CSV, a JSON export, an attachment
        html = response.content.decode()
        page = StaffPage(html)
        checked.append(name)
        marks = len(CURRENT_PAGE_LINK.findall(html))
        if marks != 1:  # the site's header marks only the section (a breadcrumb's item is no link)
            problems.append(f"{name}: {marks} links marked as the current page")
        if page.menus != 1 or len(page.current) != 1:
            problems.append(f"{name}: {page.menus} staff menus, current {page.current}")
        elif not path.startswith(page.current[0]):
            problems.append(f"{name}: {path} marks {page.current[0]}")
        for table in page.tables:
            box = table["box"]
            if (
                table["columns"] > NARROW_TABLE_COLUMNS
                and not table["stacked"]
                and not (
                    box
                    and box.get("tabindex") == "0"
                    and box.get("role") == "region"
                    and (box.get("aria-label") or box.get("aria-labelledby"))
                )
            ):
                problems.append(f"{name}: a table neither stacks nor scrolls in a labelled box")
        if page.unlabelled_cells:
            problems.append(f"{name}: {page.unlabelled_cells} stacked cells without data-label")
    assert not problems, "\n".join(problems)
    assert len(checked) >= 20, checked  # the walk really reached the staff pages


def test_a_case_page_marks_cases_and_the_duplicates_page_marks_duplicates(client):
    """Sections match by path prefix, the longest winning, in both languages."""
    client.force_login(make_user("staff")())
    case = CaseFactory()
    registration = RegistrationFactory()
    expected = {
        reverse("contacts:dashboard"): reverse("contacts:dashboard"),
        case.get_absolute_url(): reverse("contacts:case_list"),
        reverse("contacts:person_duplicates"): reverse("contacts:person_duplicates"),
        case.person.get_absolute_url(): reverse("contacts:person_list"),
        reverse("workshops:staff_attendees", kwargs={"slug": registration.workshop.slug}): reverse(
            "workshops:staff_list"
        ),
    }
    with translation.override("en"):
        expected[case.get_absolute_url()] = reverse("contacts:case_list")
    found = {path: StaffPage(client.get(path).content.decode()).current for path in expected}
    assert found == {path: [current] for path, current in expected.items()}


@pytest.mark.parametrize("role", ["anonymous", "editor", "staff", "superuser"])
def test_each_menu_entry_shows_exactly_for_the_roles_that_may_open_it(client, role):
    """An entry is in a user's menu if and only if its page answers that user with 200."""
    user = make_user(role)() if make_user(role) else None
    if user:
        client.force_login(user)
    request = RequestFactory().get(reverse("contacts:dashboard"))
    request.user = user or AnonymousUser()
    shown = {link.url for link in staff_nav_links(request)}
    opens = {
        reverse(entry.url_name)
        for entry in registered_entries()
        if client.get(reverse(entry.url_name)).status_code == 200
    }
    assert shown == opens


@pytest.mark.parametrize(
    ("role", "url_name", "shown"),
    [
        ("staff", "workshops:staff_list", True),
        ("staff", "surveys:staff_list", True),
        ("staff", "pages:visits", True),
        ("staff", "admin:index", False),
        ("editor", "workshops:staff_list", False),
        ("editor", "admin:index", True),
        ("superuser", "admin:index", True),
    ],
)
def test_the_menu_reaches_workshops_surveys_and_visits(role, url_name, shown):
    """Check-in, survey results and page views are in the clerk's menu; admin only for admins."""
    request = RequestFactory().get("/staff/")
    request.user = make_user(role)()
    assert (reverse(url_name) in {link.url for link in staff_nav_links(request)}) is shown


def test_every_app_adds_its_own_entries():
    """Contacts, workshops, surveys and pages each registered their staff pages."""
    apps = {entry.url_name.split(":")[0] for entry in registered_entries()}
    assert {"contacts", "workshops", "surveys", "pages", "admin"} <= apps


def test_the_menu_costs_one_role_check_however_many_entries(django_assert_num_queries):
    """The role check is asked once per page, not once per entry."""
    request = RequestFactory().get("/staff/")
    request.user = make_user("staff")()
    with django_assert_num_queries(1):
        staff_nav_links(request)
