"""What the workshops app shows on the home page and the kiosk (see returnportal.pages.hooks).

Both are cached, so the home page costs no query on a warm cache: the key carries a version
that every change to seats or workshops bumps (services.workshops_cache_bump), and a short
lifetime covers what changes with the clock alone (registration closing, a workshop starting).
"""

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from returnportal.cache import version
from workshops.models import Workshop

HOME_COUNT = 3
KIOSK_COUNT = 5
CACHE_SECONDS = 60
VERSION_KEY = "workshops:version"


def cache_version() -> int:
    """The version every cached workshop fragment puts in its key."""
    return version(VERSION_KEY)


def _cached(name: str, build: Callable[[], object]):
    version = cache_version()
    key = f"workshops:{name}:{translation.get_language()}:{version}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    return value


def home_blocks(request: HttpRequest) -> list[str]:
    """The next workshops with their seats, as a <section> for the home page."""

    def build() -> list[str]:
        workshops = list(Workshop.objects.upcoming().with_seats()[:HOME_COUNT])
        return [render_to_string("workshops/_home_block.html", {"workshops": workshops})]

    return _cached("home", build)


def kiosk_slides(request: HttpRequest) -> list[dict]:
    """One slide per upcoming workshop that still takes registrations; the QR leads to it."""

    def build() -> list[dict]:
        slides = []
        for workshop in Workshop.objects.upcoming().with_seats()[: KIOSK_COUNT * 2]:
            if not workshop.accepts_registrations:
                continue
            when = formats.date_format(timezone.localtime(workshop.starts_at), "j E, H:i")
            where = _("online") if workshop.is_online else workshop.venue
            slides.append(
                {
                    "title": workshop.title,
                    "text": f"{when} · {where}",
                    "url": workshop.get_absolute_url(),
                }
            )
        return slides[:KIOSK_COUNT]

    return _cached("kiosk", build)
