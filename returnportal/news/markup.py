"""Markdown written by editors, turned into HTML that is safe to show (an allow-list, no script)."""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "th": {"scope"},
}
# No javascript:, data: or vbscript: links: only what a reader can safely follow.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(text: str) -> SafeString:
    """Render Markdown to sanitised HTML: unknown tags, on* attributes and unsafe URLs are dropped.

    A level-one heading would compete with the page's own <h1>, so `#` renders as <h2> too.
    """
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    html = _demote_title_headings(html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # nh3 has just removed everything that is not on the allow-list.
    return mark_safe(cleaned)


def _demote_title_headings(html: str) -> str:
    return html.replace("<h1", "<h2").replace("</h1>", "</h2>")
