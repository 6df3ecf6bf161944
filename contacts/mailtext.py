"""The text of an e-mail made readable: HTML turned into plain text, quoted history folded."""

import re
import unicodedata
from html.parser import HTMLParser

QUOTE_DEPTH_MAX = 10
# NUL (PostgreSQL refuses it in text), the other C0 and C1 controls but tab and newline, DEL,
# and lone surrogates (they cannot be encoded to UTF-8 at all).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text with \\n line endings, in NFC, without control characters but tab and newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return unicodedata.normalize("NFC", CONTROL.sub("", text))


def clean_line(text: str, limit: int) -> str:
    """One line of clean text, whitespace collapsed, at most `limit` characters."""
    return " ".join(clean_text(text).split())[:limit]


# HTML ------------------------------------------------------------------------------------------
_HTML_BLOCKS = {
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "footer", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "tbody",
    "tfoot", "thead", "tr", "ul",
}  # fmt: skip
_HTML_PARAGRAPHS = {
    "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "p", "pre", "table", "ul",
}  # fmt: skip
_HTML_SKIPPED = {"script", "style", "head", "title", "template", "noscript", "svg", "math"}
_LINK_SCHEMES = ("http://", "https://", "mailto:")
# Comments (Outlook hides whole XML islands in them), declarations such as <![if !supportLists]>
# and processing instructions; each runs to the end when it is never closed.
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)|<[!?][^>]*(?:>|\Z)", re.DOTALL)
# A well-formed tag, or else a lone "<". Python 3.11's HTMLParser rescans the rest of the
# document for each "<" that does not open a complete tag ("<a " 20,000 times took a minute),
# so those become text before it sees them. Attributes need a space between them (or a quote
# before), which keeps this pattern from backtracking.
_HTML_TAG = re.compile(
    r"""</?[a-zA-Z][^\s/>'"<=]*"""
    r"""(?:(?:\s+|(?<=["']))[^\s/>'"<=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>'"<]+))?)*"""
    r"""\s*(?:/\s*)?>|<"""
)


class _HtmlText(HTMLParser):
    """Collects the text of HTML, one entry per output line; skipped elements leave nothing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._words: list[str] = []
        self._skipped = dict.fromkeys(_HTML_SKIPPED, 0)  # open elements of each kind
        self._quote = 0
        self._pre = 0
        self._href: str | None = None
        self._link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HTML_SKIPPED:
            self._skipped[tag] += 1
        elif tag == "body":
            # Sloppy mail never closes its <head>; the body starts the text anyway.
            self._skipped["head"] = self._skipped["title"] = 0
        elif any(self._skipped.values()):
            return
        elif tag == "a":
            href = "".join((dict(attrs).get("href") or "").split())
            self._href = href if href.lower().startswith(_LINK_SCHEMES) else None
            self._link_text = []
        elif tag in ("td", "th"):
            self._words.append(" ")
        elif tag == "br":
            if not self.flush():
                self.lines.append("")
        elif tag in _HTML_BLOCKS:
            self.flush(paragraph=tag in _HTML_PARAGRAPHS)
            if tag == "blockquote":
                self._quote += 1
            elif tag == "pre":
                self._pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HTML_SKIPPED:
            self._skipped[tag] = max(self._skipped[tag] - 1, 0)
        elif any(self._skipped.values()):
            return
        elif tag == "a" and self._href is not None:
            text = " ".join("".join(self._link_text).split())
            if not _same_link(self._href, text):
                self._words.append(f" ({self._href})" if text else self._href)
            self._href = None
        elif tag in _HTML_BLOCKS:
            self.flush(paragraph=tag in _HTML_PARAGRAPHS)
            if tag == "blockquote":
                self._quote = max(self._quote - 1, 0)
            elif tag == "pre":
                self._pre = max(self._pre - 1, 0)

    def handle_data(self, data: str) -> None:
        if any(self._skipped.values()):
            return
        self._words.append(data)
        if self._href is not None:
            self._link_text.append(data)

    def flush(self, *, paragraph: bool = False) -> bool:
        """End the current line; True if it had any text."""
        text = "".join(self._words)
        self._words = []
        lines = text.split("\n") if self._pre else [" ".join(text.split())]
        lines = [line.rstrip() for line in lines if line.strip()]
        # Deeper quote levels are not told apart, so nesting cannot square the text's size.
        self.lines.extend("> " * min(self._quote, QUOTE_DEPTH_MAX) + line for line in lines)
        if paragraph and self.lines and self.lines[-1]:
            self.lines.append("")
        return bool(lines)


def _same_link(href: str, text: str) -> bool:
    """Whether a link's text already says where it goes."""

    def bare(value: str) -> str:
        value = value.lower()
        for prefix in (*_LINK_SCHEMES, "www."):
            value = value.removeprefix(prefix)
        return value.rstrip("/")

    return bare(href) == bare(text)


def html_to_text(html: str) -> str:
    """Plain text from HTML, with paragraphs as blank lines and blockquotes as "> " lines.

    Scripts, styles, the head and comments leave nothing; entities are decoded. A link keeps
    its http(s) or mailto address after the text when the text does not already say it.
    """
    html = _HTML_COMMENT.sub("", clean_text(html))
    html = _HTML_TAG.sub(lambda tag: "&lt;" if tag.group() == "<" else tag.group(), html)
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    parser.flush()
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(parser.lines))
    return clean_text(text).strip("\n")


# Quoted history --------------------------------------------------------------------------------
_ATTRIBUTION = re.compile(
    r"(?:on\s.{0,300}\swrote|w dniu\s.{0,300}\spisze|.{0,300}\snapisał(?:\(a\)|a)?)\s*:",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(
    r"-{3,}\s*(?:original message|wiadomość oryginalna|oryginalna wiadomość)\s*-{3,}|_{20,}",
    re.IGNORECASE,
)
_OUTLOOK_FROM = re.compile(r"(?:from|od):\s*\S", re.IGNORECASE)
_OUTLOOK_DATE = re.compile(r"(?:sent|wysłano|date|data):\s*\S", re.IGNORECASE)


def fold_quoted(text: str) -> tuple[str, str]:
    """Split a reply into its new text and the quoted history below it.

    History starts at a separator ("-----Original Message-----", Outlook's underscores or its
    From:/Sent: block), at an attribution ("On ... wrote:", "W dniu ... pisze:", "... napisał(a):")
    followed by ">" lines, or at a run of ">" lines that lasts to the end. An attribution whose
    quote is followed by more unquoted text is an interleaved answer and is not folded there.
    When nothing new would be left, the whole text counts as new.
    """
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    whole = "\n".join(lines).strip("\n")
    start = _history_start(lines)
    if start is None:
        return whole, ""
    new = "\n".join(lines[:start]).strip("\n")
    if not new.strip():
        return whole, ""
    return new, "\n".join(lines[start:]).strip("\n")


def _history_start(lines: list[str]) -> int | None:
    """Index of the first line of the quoted history, if there is one."""
    unquoted = [index for index, line in enumerate(lines) if line.strip() and not _is_quote(line)]
    last_unquoted = unquoted[-1] if unquoted else -1
    last_text = max((index for index, line in enumerate(lines) if line.strip()), default=-1)
    for index, line in enumerate(lines):
        head = line.strip()
        if len(head) > 600 or head.startswith(">"):
            continue
        if _SEPARATOR.fullmatch(head) or (
            _OUTLOOK_FROM.match(head)
            and any(_OUTLOOK_DATE.match(after.strip()) for after in lines[index + 1 : index + 5])
        ):
            return index
        end = index  # the attribution's last line
        if not _ATTRIBUTION.fullmatch(head):
            # Gmail wraps a long attribution over two lines.
            following = lines[index + 1].strip() if index + 1 < len(lines) else ""
            if following.startswith(">") or not _ATTRIBUTION.fullmatch(f"{head} {following}"):
                continue
            end = index + 1
        # Only ">" lines may follow, and at least one must.
        if last_unquoted <= end < last_text:
            return index
    return _trailing_quote(lines)


def _is_quote(line: str) -> bool:
    return line.lstrip().startswith(">")


def _trailing_quote(lines: list[str]) -> int | None:
    """Index of the first line of the ">" lines (and blank lines) that end the text."""
    start = None
    for index in range(len(lines) - 1, -1, -1):
        if _is_quote(lines[index]):
            start = index
        elif lines[index].strip():
            break
    return start
