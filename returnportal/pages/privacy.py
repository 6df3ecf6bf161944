"""The privacy notice version that consent records point at."""

from django.conf import settings

from returnportal.pages.models import PrivacyNotice


def current_notice() -> PrivacyNotice | None:
    """The privacy notice in force: the latest published one, or None before any is published."""
    return PrivacyNotice.objects.current()


def current_notice_version() -> str:
    """The version of the notice in force; settings.PRIVACY_NOTICE_VERSION until one is published."""
    notice = current_notice()
    if notice is not None:
        return notice.version
    return settings.PRIVACY_NOTICE_VERSION
