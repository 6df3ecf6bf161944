"""A deployment check: the public address must be one people can reach."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs=None, **kwargs) -> list[Warning]:
    """The kiosk's QR codes, e-mail links and the sitemap are built from SITE_URL."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    if host in LOOPBACK_HOSTS or host.startswith("127."):
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}, an address of this machine only.",
                hint="Set SITE_URL to the portal's public address (https://…): the kiosk's QR "
                "codes and every link in e-mails are built from it.",
                id="pages.W001",
            )
        ]
    return []
