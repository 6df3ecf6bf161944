"""Pages anyone sees: home, fixed pages, privacy, accessibility, the kiosk, robots and manifest."""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.generic import RedirectView, TemplateView

from returnportal.cache import versions
from returnportal.news.models import Article
from returnportal.news.services import NEWS_VERSION_KEY
from returnportal.pages import hooks
from returnportal.pages.models import AccessibilityStatement, OfficeInfo, Page
from returnportal.pages.privacy import current_notice
from returnportal.pages.qr import qr_svg

HOME_NEWS_COUNT = 3
KIOSK_NEWS_COUNT = 4


class HomeView(TemplateView):
    """The home page. Its body is one cached fragment keyed by the versions of what it shows
    (the news and every app's blocks, read in one round trip), so a warm cache renders only the
    layout around it. The blocks and the news are lazy: they are built only on a miss.
    """

    template_name = "pages/home.html"

    @cached_property
    def blocks(self) -> dict[str, list[str]]:
        return hooks.home_blocks(self.request)

    def body_versions(self) -> str | None:
        """What the cached body is keyed by; None (render afresh) when an app has no version."""
        keys = hooks.home_version_keys()
        if keys is None:
            return None
        return ".".join(str(number) for number in versions([NEWS_VERSION_KEY, *keys]))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest_news=Article.objects.published().for_language().newest_first()[:HOME_NEWS_COUNT],
            body_versions=self.body_versions(),
            workshops_url=reverse("workshops:list"),
            survey_url=reverse("surveys:current"),
            contact_url=reverse("contacts:contact_form"),
            **kwargs,
        )


class PageView(TemplateView):
    """A page content editors write in admin (about, contact details)."""

    template_name = "pages/page_detail.html"
    slug = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=Page.objects.filter(slug=self.slug).first(),
            fallback_title=Page.Slug(self.slug).label,
            office=OfficeInfo.current(),
            contact_url=reverse("contacts:contact_form"),
            **kwargs,
        )


class PrivacyNoticeView(TemplateView):
    template_name = "pages/privacy_notice.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            notice=current_notice(), fallback_version=settings.PRIVACY_NOTICE_VERSION, **kwargs
        )


class AccessibilityStatementView(TemplateView):
    """The statement in the structure the Polish digital accessibility act prescribes."""

    template_name = "pages/accessibility_statement.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statement=AccessibilityStatement.objects.filter(pk=1).first(),
            office=OfficeInfo.current(),
            **kwargs,
        )


class KioskView(TemplateView):
    """The information panel in the office's hall: full screen, rotating slides, QR codes."""

    template_name = "pages/kiosk.html"
    refresh_seconds = 180
    slide_seconds = 12

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kiosk_context(self.request),
            refresh_seconds=self.refresh_seconds,
            slide_seconds=self.slide_seconds,
            **kwargs,
        )


class KioskSlidesView(KioskView):
    """The slides alone, fetched by the panel every few minutes to stay current."""

    template_name = "pages/_kiosk_slides.html"


def kiosk_context(request: HttpRequest) -> dict:
    site = settings.SITE_URL
    contributed = hooks.kiosk_slides(request)
    workshop_slides = [_with_qr(slide) for slide in contributed.pop("workshops", [])]
    other_slides = [_with_qr(slide) for slides in contributed.values() for slide in slides]
    survey_url = site + reverse("surveys:current")
    contact_url = site + reverse("contacts:contact_form")
    return {
        "workshop_slides": workshop_slides,
        "other_slides": other_slides,
        "news": list(Article.objects.published().for_language().newest_first()[:KIOSK_NEWS_COUNT]),
        "office": OfficeInfo.current(),
        "survey_url": survey_url,
        "survey_qr": qr_svg(survey_url),
        "survey_display_url": _display(survey_url),
        "contact_url": contact_url,
        "contact_qr": qr_svg(contact_url),
        "contact_display_url": _display(contact_url),
        "now": timezone.localtime(),
    }


def _absolute(url: str) -> str:
    return url if "://" in url else settings.SITE_URL + url


def _display(url: str) -> str:
    """The address as a person would type it: without the scheme."""
    return url.split("://", 1)[-1]


def _with_qr(slide: dict) -> dict:
    url = _absolute(slide["url"])
    return {**slide, "qr": qr_svg(url, title=slide["title"]), "display_url": _display(url)}


@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Let crawlers read the public site, keep them out of the workspace and personal links."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /staff/",
        "Disallow: /accounts/",
        "Disallow: /registrations/",
        "Disallow: /kiosk/",
        "Disallow: /news/preview/",
        "Disallow: /en/staff/",
        "Disallow: /en/accounts/",
        "Disallow: /en/registrations/",
        "Disallow: /en/kiosk/",
        "Disallow: /en/news/preview/",
        "",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@cache_control(max_age=86400, public=True)
def web_manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest in the page's language: name, start page and PNG icons."""
    tagline = gettext("First Contact Point for returning migrants")
    manifest = {
        "name": f"{settings.PORTAL_NAME} · {tagline}",
        "short_name": settings.PORTAL_NAME,
        "description": gettext(
            "The %(REGION_NAME)s First Contact Point helps people who come back home after "
            "living and working abroad."
        )
        % {"REGION_NAME": settings.REGION_NAME},
        "lang": translation.get_language(),
        "dir": "ltr",
        "start_url": reverse("pages:home"),
        "scope": "/",
        "display": "minimal-ui",
        "background_color": "#ffffff",
        "theme_color": "#0b4f8a",
        "icons": [
            {"src": static(f"img/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
            for size in (192, 512)
        ]
        + [{"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return HttpResponse(
        json.dumps(manifest, ensure_ascii=False, indent=2),
        content_type="application/manifest+json",
    )


class FaviconView(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("img/favicon.svg")
