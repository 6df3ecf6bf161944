"""Calendar files (RFC 5545) for workshops."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar, Event

from workshops.models import Workshop


def workshop_ics(workshop: Workshop, *, language: str, for_registrant: bool = False) -> str:
    """One VEVENT for a workshop; the online link only goes to registered people."""
    with translation.override(language):
        url = settings.SITE_URL + workshop.get_absolute_url()
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.PORTAL_NAME}//workshops//{language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if workshop.status == Workshop.Status.CANCELLED else "PUBLISH")
    event = Event()
    event.add("uid", f"workshop-{workshop.pk}@{urlsplit(settings.SITE_URL).hostname}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", workshop.starts_at)
    event.add("dtend", workshop.ends_at)
    event.add("summary", workshop.title)
    event.add("description", f"{workshop.description}\n\n{url}")
    event.add("url", url)
    location = workshop.venue
    if workshop.is_online:
        location = workshop.online_url if for_registrant else url
    event.add("location", location)
    event.add(
        "organizer",
        f"mailto:{workshop.organiser_email}",
        parameters={"cn": workshop.organiser_name},
    )
    cancelled = workshop.status == Workshop.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # A calendar replaces an event only by a higher sequence number.
    event.add("sequence", 1 if cancelled else 0)
    calendar.add_component(event)
    return calendar.to_ical().decode()
