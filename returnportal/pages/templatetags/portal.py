"""Template helpers used across the site."""

from django import template
from django.urls import translate_url
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context, language: str) -> str:
    """The current page's address in another language (the language switcher's links)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    return translate_url(path, language)


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
