"""Template context every page needs: who runs the portal and how to reach them."""

import re

from django.conf import settings
from django.http import HttpRequest


def tel_uri_number(number: str) -> str:
    """The number for a tel: link, with Poland's +48 where no country code is given."""
    digits = re.sub(r"[^\d+]", "", number)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    return digits if digits.startswith("+") else f"+48{digits}"


def portal(request: HttpRequest) -> dict:
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "REGION_NAME": settings.REGION_NAME,
        "HOTLINE_NUMBER": settings.HOTLINE_NUMBER,
        "HOTLINE_TEL": tel_uri_number(settings.HOTLINE_NUMBER),
        "HOTLINE_INTERNATIONAL": settings.HOTLINE_INTERNATIONAL,
        "HOTLINE_INTERNATIONAL_TEL": tel_uri_number(settings.HOTLINE_INTERNATIONAL),
        "OFFICE_ADDRESS": settings.OFFICE_ADDRESS,
        "CONTACT_POINT_EMAIL": settings.CONTACT_POINT_EMAIL,
        "SITE_URL": settings.SITE_URL,
    }
