"""Template helpers used across the site."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from returnportal.staff_nav import staff_nav_links

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
def nav_current(context, prefix: str) -> str:
    """`aria-current="page"` for the navigation link of the section being shown."""
    request = context.get("request")
    if request is None:
        return ""
    path = request.path.removeprefix("/en")
    current = path == "/" if prefix == "/" else path.startswith(prefix)
    # A fixed attribute, marked safe: escaped, it would read aria-current="&quot;page&quot;".
    return mark_safe('aria-current="page"') if current else ""


@register.inclusion_tag("staff/_nav.html", takes_context=True)
def staff_nav(context) -> dict:
    """The staff menu (returnportal/staff_nav.py): the user's entries, the current one marked."""
    return {"links": staff_nav_links(context["request"])}
