"""The privacy notice's version, which every consent record points at."""

from django.conf import settings


def current_notice_version() -> str:
    """The version of the privacy notice shown to people right now."""
    return settings.PRIVACY_NOTICE_VERSION
