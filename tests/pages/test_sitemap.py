"""sitemap.xml lists every public page the resolver knows, in both languages with alternates.

A new public URL fails `test_every_public_page_is_listed_with_its_alternates` until it is in a
sitemap or in NOT_LISTED below, with the reason.
"""

from datetime import timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.news.factories import ArticleFactory
from tests.surveys.factories import SurveyFactory
from tests.test_access import url_patterns
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"

# Public URLs that are not pages worth a search engine's visit.
NOT_LISTED = {
    "healthz": "for load balancers",
    "pages:kiosk": "the office's information panel, full screen",
    "pages:kiosk_slides": "a fragment the panel fetches",
    "pages:robots": "a file for robots, not a page",
    "pages:favicon": "a redirect to the icon",
    "pages:sitemap": "this file",
    "pages:manifest": "a file for browsers (web app manifest)",
    "news:feed": "RSS, announced in each page's <head>",
    "news:preview": "editors only",
    "login": "staff sign-in",
    "logout": "staff sign-out (POST)",
    "two_factor_verify": "staff sign-in",
    "two_factor_setup": "staff sign-in",
    "password_reset": "staff accounts",
    "password_reset_done": "staff accounts",
    "password_reset_confirm": "a token page",
    "password_reset_complete": "staff accounts",
    "password_change": "staff accounts",
    "password_change_done": "staff accounts",
    "contacts:contact_thanks": "what the form shows once sent",
    "workshops:registration_sent": "what the form shows once sent",
    "surveys:thanks": "what the survey shows once sent",
    "surveys:not_eligible": "what the screening shows",
    "surveys:step": "needs a survey started in this browser",
    "surveys:resume_email": "a form post",
    "workshops:register": "each workshop's form, linked from its listed page",
    "workshops:ics": "a calendar file",
    "workshops:registration": "a token page",
    "workshops:registration_confirm": "a token page",
    "workshops:registration_cancel": "a token page",
    "workshops:unsubscribe": "a token page",
    "workshops:unsubscribe_one_click": "a token URL (RFC 8058)",
    "workshops:resubscribe": "a token URL (POST)",
    "workshops:reminders_off": "a token page",
    "workshops:reminders_off_one_click": "a token URL (RFC 8058)",
    "surveys:resume": "a token page",
}
STAFF_ROUTES = ("admin/", "staff/")


def sitemap(client) -> dict[str, dict[str, str]]:
    """Each <loc> of sitemap.xml with its alternates ({hreflang: href})."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return {
        url.find(f"{SITEMAP}loc").text: {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in root.iter(f"{SITEMAP}url")
    }


def absolute(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return "http://testserver" + reverse(name, kwargs=kwargs)


@pytest.fixture
def world():
    """Something to list of each kind, beside things that must not be listed."""
    now = timezone.now()
    return {
        "workshop": WorkshopFactory(slug="next-month", status="published"),
        "draft_workshop": WorkshopFactory(slug="draft-workshop", status="draft"),
        "past_workshop": WorkshopFactory(
            slug="past-workshop",
            status="published",
            starts_at=now - timedelta(days=3),
            ends_at=now - timedelta(days=3, hours=-2),
        ),
        "cancelled_workshop": WorkshopFactory(slug="cancelled-workshop", status="cancelled"),
        "survey": SurveyFactory(slug="open-survey"),
        "draft_survey": SurveyFactory(slug="draft-survey", status="draft"),
        "article": ArticleFactory(slug="polish-story"),
        "english_article": ArticleFactory(slug="english-story", language="en"),
        "draft_article": ArticleFactory(slug="draft-story", status="draft", published_at=None),
        "scheduled_article": ArticleFactory(
            slug="scheduled-story", published_at=now + timedelta(days=1)
        ),
    }


def public_names() -> list[tuple[str, str]]:
    """(name, route) of every URL outside the staff workspace and admin, but for NOT_LISTED."""
    return [
        (name, route)
        for name, route in url_patterns()
        if name not in NOT_LISTED and not route.lstrip("^").startswith(STAFF_ROUTES)
    ]


def test_every_public_page_is_listed_with_its_alternates(client, world):
    """Each public page is listed in Polish and English, each naming both and Polish as x-default."""
    kwargs = {
        "workshops:detail": {"slug": world["workshop"].slug},
        "surveys:detail": {"slug": world["survey"].slug},
    }
    listed = sitemap(client)
    checked = []
    for name, _route in public_names():
        if name == "news:detail":
            continue  # one language each: the next test
        pl, en = (absolute(name, lang, **kwargs.get(name, {})) for lang in ("pl", "en"))
        alternates = {"pl": pl, "en": en, "x-default": pl}
        assert (name, listed.get(pl)) == (name, alternates)
        assert (name, listed.get(en)) == (name, alternates)
        checked.append(name)
    assert {"pages:home", "workshops:detail", "surveys:current", "contacts:contact_form"} <= set(
        checked
    )


def test_articles_are_listed_once_in_their_own_language(client, world):
    """An article is written in one language: listed once, at its address in that language."""
    listed = sitemap(client)
    assert "http://testserver/news/polish-story/" in listed
    assert "http://testserver/en/news/english-story/" in listed
    assert "http://testserver/en/news/polish-story/" not in listed
    assert "http://testserver/news/english-story/" not in listed


def test_drafts_past_cancelled_and_staff_pages_are_not_listed(client, world):
    """Nothing unpublished, over, cancelled, scheduled for later or for staff is in the sitemap."""
    text = " ".join(
        listed for url in sitemap(client).items() for listed in (url[0], *url[1].values())
    )
    for hidden in (
        "draft-workshop",
        "past-workshop",
        "cancelled-workshop",
        "draft-survey",
        "draft-story",
        "scheduled-story",
        "/staff/",
        "/admin/",
        "/accounts/",
    ):
        assert hidden not in text


def test_every_listed_address_answers(client, world):
    """Each address in the sitemap is a page that answers 200."""
    for location in sitemap(client):
        assert (location, client.get(urlsplit(location).path).status_code) == (location, 200)


def test_the_sitemap_runs_as_many_queries_for_many_workshops_and_articles(client, world):
    """More workshops, surveys and articles make the sitemap longer, not its queries more."""
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap.xml")
    WorkshopFactory.create_batch(10, status="published")
    ArticleFactory.create_batch(10)
    SurveyFactory.create_batch(3)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/sitemap.xml")
    assert response.content.count(b"<url>") > 40
    assert len(many) == len(few) <= 4
