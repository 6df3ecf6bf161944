"""Every public page at phone and desktop width: no axe-core violations, no sideways scroll.

The table runs against one live server over one data set, loaded (committed) once for the
module, instead of flushing and loading the database again for each of its cases. Its cases
carry no django_db mark, so pytest-django runs them after the database tests (see `site`).
"""

from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import modify_settings
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from contacts import demo as contacts_demo
from returnportal.news import demo as news_demo
from returnportal.pages import demo as pages_demo
from surveys import demo as surveys_demo
from tests.e2e.axe import assert_accessible
from workshops import demo as workshops_demo

# The one table of public pages: an app that adds a public page adds its path (and the /en/
# twin) here. A path that should answer with another status than 200 says so after the path.
PUBLIC_PAGES = [
    "/",
    "/en/",
    "/news/",
    "/en/news/",
    "/news/posiedzenie-regionalnej-grupy-roboczej/",
    "/en/news/regional-working-group-meeting/",
    "/about/",
    "/en/about/",
    "/contact-details/",
    "/en/contact-details/",
    "/privacy/",
    "/en/privacy/",
    "/accessibility/",
    "/en/accessibility/",
    "/accounts/login/",
    "/en/accounts/login/",
    "/workshops/",
    "/en/workshops/",
    "/workshops/wlasna-firma-po-powrocie/",
    "/workshops/wlasna-firma-po-powrocie/register/",
    "/workshops/archive/",
    "/en/workshops/archive/",
    "/workshops/interest/",
    "/en/workshops/interest/",
    "/en/workshops/interest/?topic=funding&audience=migrants",
    "/survey/",
    "/en/survey/",
    "/contact/",
    "/en/contact/",
    "/institutions/",
    "/en/institutions/",
    ("/no-such-page/", 404),
    ("/en/no-such-page/", 404),
]
WIDTHS = {"phone": (360, 740), "desktop": (1280, 800)}


def _paths() -> list[str]:
    return [entry[0] if isinstance(entry, tuple) else entry for entry in PUBLIC_PAGES]


def _cases():
    for entry in PUBLIC_PAGES:
        path, status = entry if isinstance(entry, tuple) else (entry, 200)
        for name, size in WIDTHS.items():
            yield pytest.param(path, status, size, id=f"{path}@{name}")


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """A live server over the demo news and pages, as a newcomer sees them after `make run`.

    The data is committed for the module; afterwards the database is put back as it was
    (flushed, then the rows saved beforehand restored, as `serialized_rollback` does), so
    tests that follow still find what the migrations created. The cases have no django_db
    mark: pytest-django then orders them after the database tests, which matters because
    once Playwright's loop runs, Django keeps a separate connection for this thread that a
    non-transactional test would leave open (PostgreSQL then cannot drop the test database).
    """
    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
        assert name.startswith(("test_", "file:memorydb")), f"not a test database: {name}"
        saved = connection.creation.serialize_db_to_string()
        for demo in (pages_demo, news_demo, contacts_demo, workshops_demo, surveys_demo):
            demo.load()
        server = LiveServer("localhost")
        try:
            with modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
                yield server.url
        finally:
            server.stop()
            call_command(
                "flush",
                interactive=False,
                verbosity=0,
                reset_sequences=False,
                inhibit_post_migrate=True,
            )
            connection.creation.deserialize_db_from_string(saved)
            # Playwright's event loop gives this thread a connection of its own; close it, or
            # PostgreSQL refuses to drop the test database at the end of the session.
            connections.close_all()


@pytest.fixture(scope="module")
def shared_page(browser):
    """One tab for the whole table: its cache spares each case loading the styles again."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(("path", "status", "size"), list(_cases()))
def test_public_page_is_accessible_and_fits(site, shared_page: Page, path, status, size):
    """The page answers as expected, axe-core finds nothing, and a phone needs no sideways scroll."""
    page = shared_page
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    response = page.goto(site + path)
    assert response is not None and response.status == status
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.django_db
def test_the_table_holds_every_page_in_the_sitemap(client):
    """Each address the sitemap offers is in PUBLIC_PAGES, so no public page escapes the checks."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = ElementTree.fromstring(response.content)
    paths = {urlsplit(loc.text).path for loc in root.iter(f"{namespace}loc")}
    assert "/" in paths and "/en/" in paths
    assert paths - set(_paths()) == set()
