"""A privacy-friendly visit count: one number per day and page, nothing about the visitor."""

import logging

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from returnportal.pages.models import DailyPageVisit

logger = logging.getLogger(__name__)

# Not pages a visitor reads: tools, files, machines' endpoints and the office's own screen.
SKIPPED_PREFIXES = (
    "/admin/",
    "/staff/",
    "/accounts/",
    "/static/",
    "/media/",
    "/kiosk/",
    "/registrations/",  # personal links carry a token: never store them
    "/news/preview/",
    "/news/feed/",
    "/healthz",
    "/robots.txt",
    "/sitemap.xml",
    "/favicon.ico",
)
BOT_MARKERS = ("bot", "crawl", "spider", "slurp", "preview", "monitor", "headless")


def should_count(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    path = request.path.removeprefix("/en")
    if path.startswith(SKIPPED_PREFIXES) or path in ("/kiosk", "/staff", "/admin"):
        return False
    if "/resume/" in path:  # a survey's resume link carries its draft's token
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:  # staff checking a page are not visitors
        return False
    agent = request.headers.get("User-Agent", "").lower()
    return bool(agent) and not any(marker in agent for marker in BOT_MARKERS)


def page_visit_record(*, path: str) -> None:
    """Add one view of the page today; the counter is incremented in the database, race-free."""
    path = path[:255]
    today = timezone.localdate()
    rows = DailyPageVisit.objects.filter(date=today, path=path)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DailyPageVisit.objects.create(date=today, path=path, count=1)
    except IntegrityError:  # another request created today's row first
        rows.update(count=F("count") + 1)


class VisitCountMiddleware:
    """Counts successful page views per day and path; sets no cookie and keeps no address."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if should_count(request, response):
            try:
                page_visit_record(path=request.path)
            except DatabaseError:  # a statistic must never break the page
                logger.warning("visit count failed for %s", request.path, exc_info=True)
        return response
