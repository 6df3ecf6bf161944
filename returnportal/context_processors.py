"""Template context every page needs: who runs the portal and how to reach them."""

import re

from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    hotline = settings.HOTLINE_NUMBER
    tel = re.sub(r"[^\d+]", "", hotline)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "REGION_NAME": settings.REGION_NAME,
        "HOTLINE_NUMBER": hotline,
        "HOTLINE_TEL": tel if tel.startswith("+") else f"+48{tel}",
        "OFFICE_ADDRESS": settings.OFFICE_ADDRESS,
        "CONTACT_POINT_EMAIL": settings.CONTACT_POINT_EMAIL,
        "SITE_URL": settings.SITE_URL,
    }
