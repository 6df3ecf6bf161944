import base64
import random
from dataclasses import fields
from datetime import UTC, datetime
from email.message import EmailMessage

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.inbound import (
    InboundMessage,
    MessageKind,
    find_case_reference,
    parse_message,
)

ALLOWED = {"application/pdf", "image/jpeg", "image/png", "text/plain"}
POLISH = "Zażółć gęślą jaźń"


def parse(raw: bytes, **limits) -> InboundMessage:
    """parse_message with the limits most tests share."""
    return parse_message(
        raw, **{"max_attachment_bytes": 100_000, "attachment_types": ALLOWED, **limits}
    )


def mail(headers: str, body: bytes = b"Dzien dobry.\n") -> bytes:
    """Hand-written raw bytes: header lines, dedented by the first line's margin, then the body."""
    lines = headers.strip("\n").splitlines()
    margin = len(lines[0]) - len(lines[0].lstrip())
    head = "\n".join(line[margin:] if line[:margin].isspace() else line for line in lines)
    return (head.encode() + b"\n\n" + body).replace(b"\n", b"\r\n")


def email_message(subject: str = "Pytanie", body: str = "Dzień dobry.") -> EmailMessage:
    """A well-formed message as a mail client would build it."""
    message = EmailMessage()
    message["From"] = "Anna Nowak <Anna.Nowak@Example.com>"
    message["To"] = "ppk@example.org"
    message["Subject"] = subject
    message["Message-ID"] = "<abc-1@mail.example.com>"
    message["Date"] = "Mon, 04 Mar 2024 10:00:00 +0100"
    message.set_content(body)
    return message


def text_values(message: InboundMessage) -> list[str]:
    """Every str in a parsed message: fields, list items and attachment names."""
    values = []
    for value in (getattr(message, field.name) for field in fields(message)):
        if isinstance(value, str):
            values.append(value)
        elif isinstance(value, list):
            values += [item if isinstance(item, str) else item.filename for item in value]
    return values


def nested_multiparts(depth: int) -> bytes:
    """`depth` multipart/mixed levels: "shallow text" in the first, "deep text" at the bottom."""
    lines = ["From: a@example.com", "Subject: bomb", "MIME-Version: 1.0"]
    for level in range(depth):
        lines += [f'Content-Type: multipart/mixed; boundary="b{level}"', "", f"--b{level}"]
        if level == 0:
            lines += ["Content-Type: text/plain", "", "shallow text", "--b0"]
    lines += ["Content-Type: text/plain", "", "deep text"]
    lines += [f"--b{level}--" for level in reversed(range(depth))]
    return "\r\n".join(lines).encode()


def with_attachment(content_type: str, disposition: str, content: bytes = b"%PDF-1.4") -> bytes:
    """A text body and one base64 attachment with the given Content-Type and disposition."""
    return mail(
        """
        From: anna@example.com
        Subject: Dokumenty
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="sep"
        """,
        b"--sep\nContent-Type: text/plain; charset=utf-8\n\nW zalaczniku.\n--sep\n"
        + f"Content-Type: {content_type}\nContent-Disposition: {disposition}\n".encode()
        + b"Content-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(content)
        + b"--sep--\n",
    )


# Headers and charsets --------------------------------------------------------------------------
def test_plain_utf8_message():
    """A well-formed UTF-8 message gives its sender, subject, date, ids and text."""
    message = email_message(subject=POLISH, body="Dzień dobry,\r\nmam pytanie o ZUS.\r\n")
    message["X-Outbox-Id"] = "outbox-17"
    parsed = parse(message.as_bytes())
    assert parsed.from_address == "anna.nowak@example.com"
    assert parsed.from_name == "Anna Nowak"
    assert parsed.subject == POLISH
    assert parsed.message_id == "<abc-1@mail.example.com>"
    assert parsed.date == datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
    assert parsed.text == "Dzień dobry,\nmam pytanie o ZUS."
    assert parsed.quoted == ""
    assert parsed.outbox_id == "outbox-17"
    assert parsed.kind == MessageKind.MESSAGE
    assert parsed.problems == []


def test_iso_8859_2_body_and_q_encoded_subject():
    """An ISO-8859-2 body and a Q-encoded ISO-8859-2 subject are decoded."""
    raw = mail(
        """
        From: jan@example.pl
        Subject: =?iso-8859-2?Q?Za=BF=F3=B3=E6_g=EA=B6l=B1_ja=BC=F1?=
        Content-Type: text/plain; charset="ISO-8859-2"
        Content-Transfer-Encoding: 8bit
        """,
        POLISH.encode("iso-8859-2"),
    )
    parsed = parse(raw)
    assert parsed.subject == POLISH
    assert parsed.text == POLISH
    assert parsed.problems == []


def test_windows_1250_body_and_b_encoded_from_name():
    """A Windows-1250 body and a B-encoded display name are decoded."""
    raw = mail(
        """
        From: =?windows-1250?B?o3VrYXN6IFfzamNpaw==?= <Lukasz@Example.PL>
        Subject: Pytanie
        Content-Type: text/plain; charset=windows-1250
        Content-Transfer-Encoding: 8bit
        """,
        POLISH.encode("cp1250"),
    )
    parsed = parse(raw)
    assert parsed.from_name == "Łukasz Wójcik"
    assert parsed.from_address == "lukasz@example.pl"
    assert parsed.text == POLISH


def test_utf8_b_words_split_inside_a_character_are_joined():
    """Adjacent encoded-words are joined before decoding, as mailers split UTF-8 characters."""
    encoded = POLISH.encode()
    words = [encoded[:3], encoded[3:]]  # "ż" is split between the two words
    subject = " ".join(f"=?UTF-8?B?{base64.b64encode(word).decode()}?=" for word in words)
    parsed = parse(mail(f"From: a@example.com\nSubject: {subject}"))
    assert parsed.subject == POLISH


def test_latin2_declared_but_windows_1250_letters():
    """Text declared ISO-8859-2 that uses Windows-1250 letters ("ś" as 0x9C) is repaired."""
    raw = mail(
        "From: a@example.com\nContent-Type: text/plain; charset=iso-8859-2",
        POLISH.encode("cp1250"),
    )
    parsed = parse(raw)
    assert parsed.text == POLISH
    assert any("windows-1250" in problem for problem in parsed.problems)


def test_declared_utf8_that_is_not():
    """A body declared UTF-8 but written in ISO-8859-2 is decoded as ISO-8859-2, with a note."""
    raw = mail(
        "From: a@example.com\nContent-Type: text/plain; charset=utf-8",
        POLISH.encode("iso-8859-2"),
    )
    parsed = parse(raw)
    assert parsed.text == POLISH
    assert "text declared as utf-8 was not, decoded as iso-8859-2" in parsed.problems


def test_unknown_charset_name():
    """An unknown charset is read as UTF-8 with replacement and noted."""
    raw = mail(
        "From: a@example.com\nContent-Type: text/plain; charset=x-foo",
        POLISH.encode() + b" \xff",
    )
    parsed = parse(raw)
    assert parsed.text == POLISH + " \ufffd"
    assert parsed.problems == ["unknown charset x-foo, decoded as UTF-8 with replacement"]


def test_8bit_body_without_charset_is_guessed():
    """An 8-bit body with no charset is read as UTF-8 if valid, else as Polish Windows text."""
    raw = mail("From: a@example.com\nContent-Type: text/plain", POLISH.encode("cp1250"))
    parsed = parse(raw)
    assert parsed.text == POLISH
    assert parsed.problems == ["8-bit text without a charset, decoded as windows-1250"]


def test_raw_utf8_header_is_decoded():
    """A raw UTF-8 subject (no encoded-words) is read as UTF-8."""
    parsed = parse(b"From: a@example.com\r\nSubject: " + POLISH.encode() + b"\r\n\r\nx\r\n")
    assert parsed.subject == POLISH


def test_nul_and_control_characters_are_removed():
    """NUL and other control characters vanish from the subject, name and text."""
    raw = mail(
        "From: =?utf-8?Q?Ann=00a?= <anna@example.com>\nSubject: Pyta\x00nie\x07 o ZUS",
        "Tre\x00ść\x1b\nlinia\tdwa\n".encode(),
    )
    parsed = parse(raw)
    assert parsed.subject == "Pytanie o ZUS"
    assert parsed.from_name == "Anna"
    assert parsed.text == "Treść\nlinia\tdwa"
    assert "NUL or other control characters removed" in parsed.problems


def test_long_subject_is_truncated():
    """A subject of thousands of characters is cut to 500."""
    parsed = parse(email_message(subject="słowo " * 2000).as_bytes())
    assert len(parsed.subject) == 500
    assert parsed.subject.startswith("słowo słowo")
    assert "subject longer than 500 characters, truncated" in parsed.problems


def test_broken_encoded_word_is_left_as_written():
    """An encoded-word that cannot be decoded stays as written; the good one next to it is read."""
    parsed = parse(mail("From: a@example.com\nSubject: =?utf-8?B?ab$c?= i =?utf-8?Q?Za=C5=BC?= ="))
    assert parsed.subject == "=?utf-8?B?ab$c?= i Zaż ="
    assert "broken encoded-word in a header, left as written" in parsed.problems


def test_missing_message_id_is_empty():
    """A message without a Message-ID has an empty one."""
    parsed = parse(mail("From: a@example.com\nSubject: Bez id"))
    assert parsed.message_id == ""
    assert parsed.problems == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<abc@example.com>", "<abc@example.com>"),
        ("junk <abc@example.com> more junk", "<abc@example.com>"),
        ("< spaced@example.com >", "<spaced@example.com>"),
        ("abc@example.com", "<abc@example.com>"),
        ("no id here", ""),
        ("<no-at-sign>", ""),
        ("<two words@example.com>", ""),
        (f"<{'a' * 300}@example.com>", ""),
    ],
)
def test_message_id_is_normalised(value, expected):
    """A Message-ID is kept in "<local@domain>" form, or left empty when nothing is usable."""
    parsed = parse(mail(f"From: a@example.com\nMessage-ID: {value}"))
    assert parsed.message_id == expected


def test_in_reply_to_and_references():
    """In-Reply-To and References give normalised ids in order, the last 50 of References."""
    references = "\n ".join(f"<ref-{number}@example.org>" for number in range(60))
    raw = mail(
        f"""
        From: a@example.com
        In-Reply-To: <out-9@ppk.example.org> (Punkt's message of Monday)
        References: {references}
        """
    )
    parsed = parse(raw)
    assert parsed.in_reply_to == ["<out-9@ppk.example.org>"]
    assert parsed.references == [f"<ref-{number}@example.org>" for number in range(10, 60)]


def test_unparseable_date_and_sender():
    """A garbage Date is None and a From without an address gives an empty address."""
    parsed = parse(mail("From: Jan Kowalski\nDate: wczoraj o piątej"))
    assert parsed.date is None
    assert parsed.from_address == ""
    assert "Date unreadable, left empty" in parsed.problems


# HTML ------------------------------------------------------------------------------------------
def test_html_only_message_becomes_safe_text():
    """An HTML-only message is read as text without script, style, handlers or markup."""
    html = """<html><head><title>Tytuł</title><style>p { color: red }</style></head>
        <body onload="steal()"><p onclick="alert('x')">Dzie&#324;&nbsp;dobry &amp; witam &#8211; ZUS</p>
        <script>alert("hacked")</script><img src=x onerror="alert(1)">
        <p><a href="https://example.org/form?a=1&amp;b=2">Kliknij tutaj</a></p></body></html>"""
    message = email_message()
    message.set_content(html, subtype="html")
    parsed = parse(message.as_bytes())
    assert "<script" not in parsed.text
    assert "alert(" not in parsed.text
    assert "color" not in parsed.text
    assert "Tytuł" not in parsed.text
    assert parsed.text == (
        "Dzień dobry & witam \u2013 ZUS\n\nKliknij tutaj (https://example.org/form?a=1&b=2)"
    )


def test_multipart_alternative_picks_plain():
    """From multipart/alternative the plain part is taken, not the HTML one."""
    message = email_message(body="Wersja tekstowa.")
    message.add_alternative("<p>Wersja <b>HTML</b>.</p>", subtype="html")
    parsed = parse(message.as_bytes())
    assert parsed.text == "Wersja tekstowa."
    assert parsed.attachments == []
    assert parsed.skipped_attachments == []


def test_gmail_html_reply_folds_the_blockquote():
    """A Gmail HTML reply keeps the answer as text and folds the attribution and blockquote."""
    html = (
        '<div dir="ltr">Dziękuję, przyjdę.</div><br><div class="gmail_quote">'
        '<div dir="ltr" class="gmail_attr">On Mon, 4 Mar 2024 at 10:00, Punkt Kontaktowy '
        "&lt;ppk@example.org&gt; wrote:<br></div><blockquote>Zapraszamy we wtorek.</blockquote>"
    )
    message = email_message()
    message.set_content(html, subtype="html")
    parsed = parse(message.as_bytes())
    assert parsed.text == "Dziękuję, przyjdę."
    assert parsed.quoted.startswith("On Mon, 4 Mar 2024")
    assert parsed.quoted.endswith("> Zapraszamy we wtorek.")


# Kinds -----------------------------------------------------------------------------------------
DSN = """
From: MAILER-DAEMON@mx.example.org
To: ppk@example.org
Subject: Undelivered Mail Returned to Sender
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="r"
"""


def test_dsn_with_returned_message():
    """An RFC 3464 report gives the failed recipient and the returned message's id."""
    body = b"""--r
Content-Type: text/plain

Your message could not be delivered.
--r
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; Jan@Example.com
Action: failed
Status: 5.1.1

Final-Recipient: rfc822; ok@example.com
Action: delivered
Status: 2.0.0
--r
Content-Type: message/rfc822

From: ppk@example.org
Message-ID: <out-1@ppk.example.org>
X-Outbox-Id: 17
Subject: Potwierdzenie wizyty

Tresc naszej wiadomosci.
--r--
"""
    parsed = parse(mail(DSN, body))
    assert parsed.kind == MessageKind.BOUNCE
    assert parsed.bounced_recipients == ["jan@example.com"]
    assert parsed.bounced_message_ids == ["<out-1@ppk.example.org>"]
    assert parsed.text == "Your message could not be delivered."


def test_dsn_with_rfc822_headers():
    """A report returning only the headers (text/rfc822-headers) still gives the original id."""
    body = b"""--r
Content-Type: text/plain

Delivery failed.
--r
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Original-Recipient: rfc822;anna@example.com
Action: failed
--r
Content-Type: text/rfc822-headers

From: ppk@example.org
Message-ID: <out-2@ppk.example.org>
--r--
"""
    parsed = parse(mail(DSN, body))
    assert parsed.kind == MessageKind.BOUNCE
    assert parsed.bounced_recipients == ["anna@example.com"]
    assert parsed.bounced_message_ids == ["<out-2@ppk.example.org>"]


def test_heuristic_mailer_daemon_bounce():
    """A non-standard bounce is found by X-Failed-Recipients and the Message-ID in its body."""
    raw = mail(
        """
        From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
        Subject: Mail delivery failed: returning message to sender
        Message-ID: <bounce-1@mx.example.org>
        X-Failed-Recipients: Jan@Example.com
        """,
        b"This message was created automatically by mail delivery software.\n\n"
        b"------ This is a copy of the message, including all the headers. ------\n\n"
        b"From: ppk@example.org\nMessage-ID: <out-3@ppk.example.org>\nSubject: Wizyta\n",
    )
    parsed = parse(raw)
    assert parsed.kind == MessageKind.BOUNCE
    assert parsed.bounced_recipients == ["jan@example.com"]
    assert parsed.bounced_message_ids == ["<out-3@ppk.example.org>"]


def test_forwarded_bounce_is_the_senders_message():
    """A person forwarding a bounce to the office has written a message, not a bounce."""
    report = mail(DSN, b"--r\nContent-Type: message/delivery-status\n\nAction: failed\n--r--\n")
    report = report.replace(b"\r\n", b"\n")  # mail() below turns line ends into CRLF
    raw = mail(
        """
        From: anna@example.com
        Subject: Fwd: nie doszlo
        Content-Type: multipart/mixed; boundary="f"
        """,
        b"--f\nContent-Type: text/plain\n\nCo to znaczy?\n--f\nContent-Type: message/rfc822\n\n"
        + report
        + b"\n--f--\n",
    )
    parsed = parse(raw)
    assert parsed.kind == MessageKind.MESSAGE
    assert parsed.text.startswith("Co to znaczy?")


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        ("Auto-Submitted: auto-replied", MessageKind.AUTO_REPLY),
        ("Auto-Submitted: Auto-Generated; owner-email=x@example.com", MessageKind.AUTO_REPLY),
        ("Auto-Submitted: no", MessageKind.MESSAGE),
        ("X-Autoreply: yes", MessageKind.AUTO_REPLY),
        ("X-Autorespond: yes", MessageKind.AUTO_REPLY),
        ("X-Auto-Response-Suppress: All", MessageKind.MESSAGE),
        ("Precedence: auto_reply", MessageKind.AUTO_REPLY),
        ("Subject: Out of Office: Anna Nowak", MessageKind.AUTO_REPLY),
        ("Subject: Automatic reply: Pytanie", MessageKind.AUTO_REPLY),
        ("Subject: =?utf-8?Q?Odpowied=C5=BA_automatyczna?=: Pytanie", MessageKind.AUTO_REPLY),
        ("Subject: Nieobecność w biurze", MessageKind.AUTO_REPLY),
        ("Subject: Re: Out of Office", MessageKind.MESSAGE),
        ("Precedence: bulk", MessageKind.BULK),
        ("Precedence: list", MessageKind.BULK),
        ("List-Id: Newsletter <news.example.org>", MessageKind.BULK),
        ("List-Unsubscribe: <mailto:unsubscribe@example.org>", MessageKind.BULK),
        ("Subject: Undelivered Mail", MessageKind.MESSAGE),
    ],
)
def test_kind_from_headers(headers, kind):
    """Auto-replies and bulk mail are told from messages by their headers and subject."""
    parsed = parse(mail(f"From: anna@example.com\n{headers}"))
    assert parsed.kind == kind


def test_auto_submitted_value_is_kept_lower_case():
    """The Auto-Submitted value is kept, lower-cased."""
    parsed = parse(mail("From: a@example.com\nAuto-Submitted: Auto-Replied"))
    assert parsed.auto_submitted == "auto-replied"


# Attachments -----------------------------------------------------------------------------------
def test_pdf_attachment_is_kept():
    """A PDF attachment of an accepted type and size is kept with its name."""
    parsed = parse(with_attachment("application/pdf", 'attachment; filename="wniosek.pdf"'))
    assert parsed.text == "W zalaczniku."
    assert [(a.filename, a.content_type, a.content) for a in parsed.attachments] == [
        ("wniosek.pdf", "application/pdf", b"%PDF-1.4")
    ]
    assert parsed.skipped_attachments == []


def test_executable_attachment_is_skipped():
    """A file of a type not accepted is skipped with its name, type, size and reason."""
    raw = with_attachment("application/x-msdownload", 'attachment; filename="setup.exe"', b"MZ")
    parsed = parse(raw)
    assert parsed.attachments == []
    assert parsed.skipped_attachments == [
        "setup.exe (application/x-msdownload, 2 bytes): type not accepted"
    ]


def test_oversize_inline_image_is_skipped():
    """An inline image with a file name is an attachment, and skipped when too large."""
    raw = with_attachment("image/jpg", 'inline; filename="skan.jpg"', b"\xff\xd8" + bytes(2000))
    parsed = parse(raw, max_attachment_bytes=1000)
    assert parsed.attachments == []
    assert parsed.skipped_attachments == [
        "skan.jpg (image/jpeg, 2002 bytes): larger than 1000 bytes"
    ]


def test_html_attachment_is_never_kept():
    """An HTML attachment is skipped even when text/html is an accepted type."""
    raw = with_attachment("text/html", 'attachment; filename="strona.html"', b"<script>x</script>")
    parsed = parse(raw, attachment_types={"text/html"})
    assert parsed.attachments == []
    assert parsed.skipped_attachments == [
        "strona.html (text/html, 18 bytes): HTML is never kept as an attachment"
    ]


@pytest.mark.parametrize(
    "disposition",
    [
        "attachment; filename*=utf-8''Za%C5%BC%C3%B3%C5%82%C4%87%20g%C4%99%C5%9Bl%C4%85.pdf",
        "attachment; filename*0*=utf-8''Za%C5%BC%C3%B3%C5%82%C4%87;"
        " filename*1*=%20g%C4%99%C5%9Bl%C4%85.pdf",
        "attachment; filename*=iso-8859-2''Za%BF%F3%B3%E6%20g%EA%B6l%B1.pdf",
        'attachment; filename="=?utf-8?B?WmHFvMOzxYLEhyBnxJnFm2zEhS5wZGY=?="',
    ],
    ids=["rfc2231", "rfc2231-continued", "rfc2231-latin2", "rfc2047"],
)
def test_encoded_polish_filename_is_decoded(disposition):
    """RFC 2231 and RFC 2047 encoded file names are decoded."""
    parsed = parse(with_attachment("application/pdf", disposition))
    assert [attachment.filename for attachment in parsed.attachments] == ["Zażółć gęślą.pdf"]


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\\\..\\\\boot.ini", "boot.ini"),
        ("...", "attachment.pdf"),
        ("raport\u202efdp.exe", "raportfdp.exe"),
        ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
    ],
)
def test_filename_is_sanitised(filename, expected):
    """File names lose paths, control and bidi characters and are at most 200 characters."""
    raw = with_attachment("application/pdf", f'attachment; filename="{filename}"')
    parsed = parse(raw)
    assert [attachment.filename for attachment in parsed.attachments] == [expected]


def test_nameless_attachment_gets_a_name_from_its_type():
    """A non-text part without a name is kept as "attachment" with the type's extension."""
    parsed = parse(with_attachment("application/pdf", "attachment"))
    assert [attachment.filename for attachment in parsed.attachments] == ["attachment.pdf"]


def test_octet_stream_is_named_by_extension():
    """A generic octet-stream part is typed by its file name's extension."""
    parsed = parse(with_attachment("application/octet-stream", 'attachment; filename="a.PDF"'))
    assert [attachment.content_type for attachment in parsed.attachments] == ["application/pdf"]


def test_forwarded_message_is_appended_with_its_attachments():
    """A forwarded message/rfc822 part adds its text, unfolded, and its attachments."""
    inner = with_attachment("application/pdf", 'attachment; filename="decyzja.pdf"')
    inner = inner.replace(b"\r\n", b"\n")  # mail() below turns line ends into CRLF
    raw = mail(
        """
        From: anna@example.com
        Subject: Fwd: Dokumenty
        Content-Type: multipart/mixed; boundary="f"
        """,
        b"--f\nContent-Type: text/plain\n\nPrzesylam.\n--f\nContent-Type: message/rfc822\n\n"
        + inner
        + b"\n--f--\n",
    )
    parsed = parse(raw)
    assert parsed.text == (
        "Przesylam.\n\n---------- Forwarded message ----------\n"
        "From: anna@example.com\nSubject: Dokumenty\n\nW zalaczniku."
    )
    assert parsed.quoted == ""
    assert [attachment.filename for attachment in parsed.attachments] == ["decyzja.pdf"]


# Broken and hostile input ----------------------------------------------------------------------
def test_thousand_nested_multiparts_do_not_raise():
    """Nesting too deep for the stdlib parser gives the headers and a problem, not an error."""
    parsed = parse(nested_multiparts(1000))
    assert parsed.subject == "bomb"
    assert parsed.text == ""
    assert "MIME structure too deep for the parser, only the headers were read" in parsed.problems


def test_nesting_deeper_than_max_depth_is_skipped():
    """Parts below max_depth are skipped with a problem; the shallower ones are kept."""
    parsed = parse(nested_multiparts(50), max_depth=10)
    assert parsed.text == "shallow text"
    assert "MIME nesting deeper than 10, deeper parts skipped" in parsed.problems


def test_sibling_parts_are_capped_at_max_parts():
    """Only the first max_parts leaf parts are read."""
    parts = [
        f'--s\nContent-Type: application/pdf\nContent-Disposition: attachment; filename="{n}.pdf"'
        f"\n\n%PDF\n"
        for n in range(500)
    ]
    raw = mail(
        'From: a@example.com\nContent-Type: multipart/mixed; boundary="s"',
        "".join(parts).encode() + b"--s--\n",
    )
    parsed = parse(raw, max_parts=100)
    assert [attachment.filename for attachment in parsed.attachments] == [
        f"{n}.pdf" for n in range(100)
    ]
    assert "more than 100 MIME parts, the rest skipped" in parsed.problems


def test_missing_closing_boundary():
    """A multipart without its closing boundary is read to the end."""
    raw = mail(
        'From: a@example.com\nContent-Type: multipart/mixed; boundary="x"',
        b"--x\nContent-Type: text/plain\n\nTekst bez konca.\n",
    )
    parsed = parse(raw)
    assert parsed.text == "Tekst bez konca."
    assert "multipart closing boundary missing, read to the end" in parsed.problems


def test_missing_boundary_parameter():
    """A multipart without a boundary parameter is read as plain text."""
    raw = mail(
        "From: a@example.com\nContent-Type: multipart/mixed",
        b"Tekst w srodku.\n",
    )
    parsed = parse(raw)
    assert parsed.text == "Tekst w srodku."
    assert "multipart without a boundary, read as plain text" in parsed.problems


@pytest.mark.parametrize("seed", range(1, 6))
def test_random_bytes_never_raise(seed):
    """Random bytes give a message with no NUL anywhere."""
    parsed = parse(random.Random(seed).randbytes(5000))
    assert all("\x00" not in value for value in text_values(parsed))
    assert not [problem for problem in parsed.problems if "internal error" in problem]


def test_non_bytes_input_gives_an_empty_message():
    """Something that is not bytes gives an empty message with a problem, not an error."""
    parsed = parse("From: a@example.com\n\nx")
    assert parsed.text == ""
    assert parsed.problems == ["the message is not bytes, nothing was read"]


@settings(max_examples=300, deadline=None, database=None)
@given(st.binary(max_size=4000))
def test_parse_message_never_raises_for_any_bytes(raw):
    """Arbitrary bytes never raise, never hit an internal error and never leave a NUL."""
    parsed = parse(raw)
    assert all("\x00" not in value for value in text_values(parsed))
    assert not [problem for problem in parsed.problems if "internal error" in problem]


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    subject=st.text(),
    sender=st.text(),
    content_type=st.text(max_size=100),
    disposition=st.text(max_size=100),
    body=st.binary(max_size=500),
)
def test_parse_message_never_raises_for_any_header_text(
    subject, sender, content_type, disposition, body
):
    """Arbitrary header text never raises, never hits an internal error and never leaves a NUL."""
    raw = (
        f"From: {sender}\nSubject: {subject}\nContent-Type: multipart/mixed; boundary=b\n\n"
        f"--b\nContent-Type: {content_type}\nContent-Disposition: {disposition}\n\n"
    ).encode() + body
    parsed = parse(raw)
    assert all("\x00" not in value for value in text_values(parsed))
    assert not [problem for problem in parsed.problems if "internal error" in problem]


# Case references -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Re: [PPK-123] Pytanie", 123),
        ("[ppk-7]", 7),
        ("Odp: [ PPK-42 ] wizyta", 42),
        ("[PPK-2147483647]", 2147483647),
        ("[PPK-2147483648]", None),
        ("[PPK-99999999999]", None),
        ("[PPK-" + "9" * 5000 + "] [PPK-5]", 5),
        ("PPK-5", None),
        ("Re: PPK-5 pytanie", None),
        ("[ABC-5]", None),
        ("[XPPK-5]", None),
        ("", None),
    ],
)
def test_find_case_reference(subject, expected):
    """Only a bracketed reference with the given prefix and an int-sized number is found."""
    assert find_case_reference(subject, "PPK") == expected
