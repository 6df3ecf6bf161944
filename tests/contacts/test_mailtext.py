"""The text of an e-mail made readable: HTML to plain text, quoted history folded."""

import pytest

from contacts import mailtext
from contacts.mailtext import fold_quoted, html_to_text


# HTML ------------------------------------------------------------------------------------------
def test_html_to_text_lays_out_blocks_lists_and_quotes():
    """Paragraphs become blank lines, list items and <br> lines, blockquotes "> " lines."""
    html = (
        "<p>Jeden</p><p>Dwa<br>Trzy</p><ul><li>a</li><li>b</li></ul>"
        "<blockquote>Stara <b>wiadomość</b><blockquote>starsza</blockquote></blockquote>"
    )
    assert html_to_text(html) == ("Jeden\n\nDwa\nTrzy\n\na\nb\n\n> Stara wiadomość\n\n> > starsza")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="https://example.org/x">formularz</a>', "formularz (https://example.org/x)"),
        ('<a href="https://example.org/">example.org</a>', "example.org"),
        ('<a href="mailto:ppk@example.org">ppk@example.org</a>', "ppk@example.org"),
        ('<a href="javascript:alert(1)">kliknij</a>', "kliknij"),
        ('<a href="/relative">strona</a>', "strona"),
    ],
)
def test_html_to_text_links(html, expected):
    """A link shows its http(s) or mailto address only when the text does not already say it."""
    assert html_to_text(html) == expected


def test_html_to_text_reads_outlook_markup():
    """An unclosed head, Office conditionals and XML islands in comments leave only the text."""
    html = (
        "<html><head><style>p.MsoNormal {margin: 0}</style><title>Wiadomość</title><body>"
        "<!--[if gte mso 9]><xml><o:shapedefaults v:ext='edit'/></xml><![endif]-->"
        "<p class=MsoNormal><![if !supportLists]>1.<![endif]> Punkt<o:p></o:p></p>"
    )
    assert html_to_text(html) == "1. Punkt"


def test_html_to_text_keeps_stray_angle_brackets_as_text():
    """A "<" that opens no complete tag is text, whatever follows it."""
    assert html_to_text("<p>a < b</p><a x='>'<b") == "a < b\n\n<a x='>'<b"
    assert html_to_text("<a " * 20_000) == ("<a " * 20_000).strip()


def test_the_html_parser_never_sees_an_unclosed_tag(monkeypatch):
    """Stray "<" reach the parser escaped: Python 3.11's HTMLParser rescans the rest of the
    document for each one ("<a " 20,000 times took a minute), so a message could stall it."""
    fed = []
    original = mailtext._HtmlText.feed
    monkeypatch.setattr(
        mailtext._HtmlText, "feed", lambda parser, data: (fed.append(data), original(parser, data))
    )
    html_to_text("<p>a <b>x</b> <a <a " + "<a " * 100)
    assert "<a <a" not in fed[0]
    assert fed[0].count("&lt;") == 102
    assert "<b>x</b>" in fed[0]


def test_html_to_text_caps_quote_depth():
    """Quotes nested deeper than ten levels get ten markers, so nesting cannot blow up the text."""
    assert html_to_text("<blockquote>" * 30 + "x") == "> " * 10 + "x"


# Quoted history --------------------------------------------------------------------------------
ANSWER = "Dziękuję, przyjdę we wtorek.\n\nAnna"


@pytest.mark.parametrize(
    "history",
    [
        "On Mon, 4 Mar 2024 at 10:00, Punkt Kontaktowy <ppk@example.org> wrote:\n> Zapraszamy.",
        "On Mon, 4 Mar 2024 at 10:00, Punkt Kontaktowy Powiatu <\nppk@example.org> wrote:\n\n"
        "> Zapraszamy.\n>\n> PPK",
        "W dniu 4.03.2024 o 10:00, Punkt Kontaktowy pisze:\n> Zapraszamy.",
        "pon., 4 mar 2024 o 10:00 Punkt Kontaktowy <ppk@example.org> napisał(a):\n> Zapraszamy.",
        "-----Original Message-----\nFrom: Punkt Kontaktowy\nSent: Monday\n\nZapraszamy.",
        "-----Wiadomość oryginalna-----\nOd: Punkt Kontaktowy\n\nZapraszamy.",
        "________________________________\nFrom: Punkt Kontaktowy\nZapraszamy.",
        "From: Punkt Kontaktowy <ppk@example.org>\nSent: Monday, March 4, 2024 10:00\n"
        "To: Anna\nSubject: Wizyta\n\nZapraszamy.",
        "Od: Punkt Kontaktowy <ppk@example.org>\nDo: Anna\nWysłano: poniedziałek\n\nZapraszamy.",
        "> Zapraszamy.\n> PPK",
    ],
    ids=[
        "gmail",
        "gmail-wrapped",
        "thunderbird-pl",
        "gmail-pl",
        "outlook",
        "outlook-pl",
        "outlook-separator",
        "outlook-headers",
        "outlook-headers-pl",
        "quote-lines",
    ],
)
def test_fold_quoted_splits_off_history(history):
    """Each client's way of quoting the previous message is folded away from the answer."""
    new, quoted = fold_quoted(f"{ANSWER}\n\n{history}\n\n")
    assert new == ANSWER
    assert quoted == history.strip()


def test_fold_quoted_keeps_interleaved_answers():
    """Quoted lines with answers below them stay in the text; only the last quote is folded."""
    text = (
        "On Mon, 4 Mar 2024, PPK <ppk@example.org> wrote:\n> Czy wtorek pasuje?\n"
        "Tak, pasuje.\n> Prosimy o dokumenty.\nPrzyniosę paszport.\n> Pozdrawiamy"
    )
    new, quoted = fold_quoted(text)
    assert new == text.rsplit("\n", 1)[0]
    assert quoted == "> Pozdrawiamy"


def test_fold_quoted_never_leaves_the_text_empty():
    """A message that is nothing but quoted history is kept whole as new text."""
    text = "> Czy wtorek pasuje?\n> PPK\n"
    assert fold_quoted(text) == (text.strip(), "")
    assert fold_quoted("-----Original Message-----\nFrom: PPK") == (
        "-----Original Message-----\nFrom: PPK",
        "",
    )


def test_fold_quoted_leaves_plain_text_alone():
    """Text without history is returned whole, trailing whitespace stripped."""
    assert fold_quoted("Dzień dobry,  \npytanie.\n\n\n") == ("Dzień dobry,\npytanie.", "")
