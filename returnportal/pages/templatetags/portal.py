"""Template helpers used across the site."""

from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from returnportal.accounts.staff_nav import staff_nav_links

register = template.Library()


def path_in_language(request, language: str) -> str:
    """The resolved page's path in `language`; that language's home page when nothing resolved.

    Built from the URL resolver's match, never from the raw request path: a request for
    `//evil.example/workshops/` must not yield a link to `//evil.example/en/workshops/`.
    """
    match = getattr(request, "resolver_match", None)
    with translation.override(language):
        try:
            if match is None:
                raise NoReverseMatch
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            path = reverse("pages:home")
    # A same-site path has exactly one leading "/" (browsers read "/\\" like "//").
    if not path.startswith("/") or path[1:2] in ("/", "\\"):
        path = "/"
    query = request.GET.urlencode() if request is not None else ""
    return f"{path}?{query}" if query else path


@register.simple_tag(takes_context=True)
def url_in_language(context, language: str) -> str:
    """The current page's address in another language (the language switcher's links)."""
    return path_in_language(context.get("request"), language)


@register.simple_tag(takes_context=True)
def nav_current(context, prefix: str, mark: str = "page") -> str:
    """`aria-current="page"` for the navigation link of the section being shown.

    `mark="true"` for a link whose section has a menu of its own marking the page (the staff
    workspace): one page, one `aria-current="page"`.
    """
    request = context.get("request")
    if request is None:
        return ""
    path = request.path.removeprefix("/en")
    current = path == "/" if prefix == "/" else path.startswith(prefix)
    # A fixed attribute, marked safe: escaped, it would read aria-current="&quot;page&quot;".
    value = "true" if mark == "true" else "page"
    return mark_safe(f'aria-current="{value}"') if current else ""


# Open Graph locales of the site's languages.
OG_LOCALES = {"pl": "pl_PL", "en": "en_GB"}
SHARE_IMAGE = ("img/share.png", 1200, 630)


def absolute(url: str) -> str:
    """`url` as an absolute address on SITE_URL (unchanged when it is one already)."""
    return url if urlsplit(url).scheme else settings.SITE_URL + url


@register.inclusion_tag("includes/share_meta.html", takes_context=True)
def share_meta(
    context,
    title: str = "",
    description: str = "",
    og_type: str = "website",
    url: str = "",
    image: str = "",
    image_alt: str = "",
    language: str = "",
) -> dict:
    """Open Graph and Twitter card tags for links shared in messengers and social networks.

    Every address is absolute (SITE_URL). The page's own path is the default URL; the
    portal's picture the default image. A page in both languages names the other language
    as og:locale:alternate; one written in a single language (an article) passes `language`.
    """
    request = context.get("request")
    current = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    tagline = gettext("First Contact Point for returning migrants")
    share = {
        "title": title or f"{settings.PORTAL_NAME} · {tagline}",
        "site_name": settings.PORTAL_NAME,
        # The same text as the pages' <meta name="description"> (templates/base.html).
        "description": description
        or gettext(
            "The %(REGION_NAME)s First Contact Point helps people who come back home after "
            "living and working abroad."
        )
        % {"REGION_NAME": settings.REGION_NAME},
        "type": og_type,
        "url": absolute(url or (request.path if request is not None else "/")),
        "locale": OG_LOCALES.get(language or current, ""),
        "alternate_locales": []
        if language
        else [OG_LOCALES[code] for code, _name in settings.LANGUAGES if code != current],
    }
    if image:  # a URL, or an uploaded file (e.g. an article's picture)
        share.update(image=absolute(getattr(image, "url", image)), image_alt=image_alt)
    else:
        path, width, height = SHARE_IMAGE
        share.update(
            image=absolute(static(path)),
            image_type="image/png",
            image_width=width,
            image_height=height,
            image_alt=gettext("The portal's logo: a white letter R on blue"),
        )
    return {"share": share}


@register.filter
def datetime_attr(value) -> str:
    """A `<time datetime>` value: ISO 8601 to the second, in local time.

    `|date:"c"` adds microseconds, which HTML's date-time syntax does not allow (three digits
    of a second at most).
    """
    if not value:
        return ""
    if hasattr(value, "hour"):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


@register.inclusion_tag("staff/_nav.html", takes_context=True)
def staff_nav(context) -> dict:
    """The staff menu (returnportal/accounts/staff_nav.py): the user's entries, the current one marked."""
    return {"links": staff_nav_links(context["request"])}
