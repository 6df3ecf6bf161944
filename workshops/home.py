"""What the workshops app shows on the home page and the kiosk (see returnportal.pages.hooks)."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from workshops.models import Workshop

HOME_COUNT = 3
KIOSK_COUNT = 5


def home_blocks(request: HttpRequest) -> list[str]:
    """The next workshops with their seats, as a <section> for the home page."""
    workshops = list(Workshop.objects.upcoming().with_seats()[:HOME_COUNT])
    return [
        render_to_string("workshops/_home_block.html", {"workshops": workshops}, request=request)
    ]


def kiosk_slides(request: HttpRequest) -> list[dict]:
    """One slide per upcoming workshop that still takes registrations; the QR leads to it."""
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
