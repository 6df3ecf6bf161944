from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.utils import timezone

from returnportal.pages.models import DailyPageVisit
from returnportal.pages.visits import VisitCountMiddleware, page_visit_record

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"
MIDDLEWARE = "returnportal.pages.visits.VisitCountMiddleware"


@pytest.fixture
def counting(settings):
    """The counting middleware is on, whether or not the project's settings list it yet."""
    if MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]


def test_the_project_counts_visits_as_configured(client, staff_user):
    """With the project's own settings (no fixture adding the middleware) a page view counts,
    after authentication, so that a signed-in clerk is not counted."""
    from django.conf import settings

    middleware = list(settings.MIDDLEWARE)
    assert MIDDLEWARE in middleware, "the visit counter is not in MIDDLEWARE"
    auth = "django.contrib.auth.middleware.AuthenticationMiddleware"
    assert middleware.index(MIDDLEWARE) > middleware.index(auth)
    client.get("/about/", HTTP_USER_AGENT=BROWSER)
    client.get("/about/", HTTP_USER_AGENT=BROWSER)
    assert dict(DailyPageVisit.objects.values_list("path", "count")) == {"/about/": 2}
    client.force_login(staff_user)
    client.get("/about/", HTTP_USER_AGENT=BROWSER)
    assert DailyPageVisit.objects.get(path="/about/").count == 2


def test_each_view_adds_one_to_the_day_and_page(client, counting):
    """Three views of a page make one row with count 3; other pages count apart."""
    for _ in range(3):
        client.get("/about/", HTTP_USER_AGENT=BROWSER)
    client.get("/en/about/?utm_source=x", HTTP_USER_AGENT=BROWSER)
    counts = dict(DailyPageVisit.objects.values_list("path", "count"))
    assert counts == {"/about/": 3, "/en/about/": 1}
    assert DailyPageVisit.objects.get(path="/about/").date == timezone.localdate()


def test_counting_sets_no_cookie(client, counting):
    """A counted page view leaves no cookie behind."""
    response = client.get("/about/", HTTP_USER_AGENT=BROWSER)
    assert not response.cookies
    assert DailyPageVisit.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "agent"),
    [
        ("/no-such-page/", BROWSER),
        ("/robots.txt", BROWSER),
        ("/news/feed/", BROWSER),
        ("/kiosk/", BROWSER),
        ("/staff/visits/", BROWSER),
        ("/about/", "Googlebot/2.1"),
        ("/about/", ""),
    ],
)
def test_not_counted(client, counting, path, agent):
    """Errors, machine endpoints, the kiosk, the workspace and robots are not counted."""
    client.get(path, HTTP_USER_AGENT=agent)
    assert not DailyPageVisit.objects.exists()


def test_signed_in_users_are_not_counted(client, counting, staff_user):
    """Staff looking at the public site do not inflate the visitor counts."""
    client.force_login(staff_user)
    client.get("/about/", HTTP_USER_AGENT=BROWSER)
    assert not DailyPageVisit.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/registrations/secret-token/",
        "/survey/powroty/resume/secret-token/",
        "/en/survey/x/resume/t/",
    ],
)
def test_personal_links_are_never_stored(rf, path):
    """Registration and survey-resume links carry a token, so their path is never recorded."""
    middleware = VisitCountMiddleware(lambda request: HttpResponse("<p>ok</p>"))
    middleware(rf.get(path, HTTP_USER_AGENT=BROWSER))
    assert not DailyPageVisit.objects.exists()


def test_record_increments_an_existing_row():
    """The counter is incremented in the database, not read and rewritten."""
    page_visit_record(path="/news/")
    page_visit_record(path="/news/")
    assert DailyPageVisit.objects.get(path="/news/").count == 2


def test_visit_page_refuses_a_signed_in_user_without_the_role(client, other_user):
    """Only contact-point staff see the visit counts."""
    client.force_login(other_user)
    assert client.get("/staff/visits/").status_code == 403


def test_visit_page_sums_per_page_and_day(client, staff_user):
    """The staff page totals views per page within the chosen period."""
    today = timezone.localdate()
    DailyPageVisit.objects.create(date=today, path="/news/", count=5)
    DailyPageVisit.objects.create(date=today - timedelta(days=1), path="/news/", count=2)
    DailyPageVisit.objects.create(date=today - timedelta(days=40), path="/news/", count=100)
    DailyPageVisit.objects.create(date=today, path="/about/", count=1)
    client.force_login(staff_user)
    response = client.get("/staff/visits/?days=7")
    assert response.context["total"] == 8
    assert list(response.context["by_page"]) == [
        {"path": "/news/", "total": 7},
        {"path": "/about/", "total": 1},
    ]


def test_visit_page_ignores_a_bad_period(client, staff_user):
    """An unknown period falls back to thirty days instead of failing."""
    client.force_login(staff_user)
    response = client.get("/staff/visits/?days=abc")
    assert response.status_code == 200
    assert response.context["days"] == 30
