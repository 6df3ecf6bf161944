"""The privacy notice version that consent records point at."""

from django.conf import settings
from django.urls import reverse_lazy

from returnportal.pages.models import PrivacyNotice

# The notice in the language being rendered: lazy, so it is reversed when a page or form uses it.
PRIVACY_URL = reverse_lazy("pages:privacy")


def current_notice() -> PrivacyNotice | None:
    """The privacy notice in force: the latest published one, or None before any is published."""
    return PrivacyNotice.objects.current()


def current_notice_version() -> str:
    """The version of the notice in force; settings.PRIVACY_NOTICE_VERSION until one is published."""
    notice = current_notice()
    if notice is not None:
        return notice.version
    return settings.PRIVACY_NOTICE_VERSION
