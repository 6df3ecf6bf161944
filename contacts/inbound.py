"""Reading mail sent to the office: from raw bytes to safe text, headers and attachments."""

import enum
import mimetypes
import re
import unicodedata
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.parser import BytesParser, HeaderParser
from email.policy import Compat32
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from contacts.maildecode import Decoder
from contacts.mailtext import clean_line, clean_text, fold_quoted, html_to_text
from returnportal.email_address import normalise_email

SUBJECT_MAX = 500
NAME_MAX = 200
ID_MAX = 255
REFERENCES_MAX = 50


class MessageKind(enum.StrEnum):
    """Who wrote the message: a person, or a machine answering on someone's behalf."""

    MESSAGE = "message"
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"
    BULK = "bulk"


@dataclass(frozen=True)
class InboundAttachment:
    """A file that came with a message and passed the type and size checks."""

    filename: str
    content_type: str
    content: bytes = field(repr=False)


@dataclass
class InboundMessage:
    """What a received message says, cleaned so that it can be stored and shown as plain text."""

    message_id: str = ""
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    from_address: str = ""
    from_name: str = ""
    subject: str = ""
    date: datetime | None = None
    text: str = ""
    quoted: str = ""
    kind: MessageKind = MessageKind.MESSAGE
    bounced_recipients: list[str] = field(default_factory=list)
    bounced_message_ids: list[str] = field(default_factory=list)
    attachments: list[InboundAttachment] = field(default_factory=list)
    skipped_attachments: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    outbox_id: str = ""
    auto_submitted: str = ""


class _RawHeaders(Compat32):
    """compat32, but header values come back as received, never as Header objects.

    The default policy parses headers lazily and can raise on malformed ones; here every value
    is a plain str whose 8-bit bytes are surrogate escapes, and this module decodes it.
    """

    def header_fetch_parse(self, name: str, value: str) -> str:
        return value


_POLICY = _RawHeaders()
# Only the built-in table, so the guessed types do not depend on the host's /etc/mime.types.
_MIME_TYPES = mimetypes.MimeTypes()

# Besides controls: characters Windows refuses in names, and bidi overrides ("cod.exe" shown as
# "exe.doc").
_UNSAFE_NAME = re.compile(
    '[\x00-\x1f\x7f-\x9f\ud800-\udfff<>:"|?*\u200e\u200f\u202a-\u202e\u2066-\u2069]'
)
_TYPE_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg"}

_MESSAGE_ID = re.compile(r"<\s*([^<>\s@]+@[^<>\s@]+)\s*>")
_BARE_ID = re.compile(r"[^<>\s@]+@[^<>\s@]+")
_EMBEDDED_ID = re.compile(r"^[ \t]*Message-ID:[ \t]*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)
_ADDRESS_PART = r'[^@\s<>()\[\],;:"\x00-\x1f\x7f-\x9f\ud800-\udfff]+'
_ADDRESS = re.compile(f"{_ADDRESS_PART}@{_ADDRESS_PART}")
_TYPE = re.compile(r"[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+")
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery status notification|returned mail|niedostarcz|failure notice"
    r"|delivery failed|delivery failure",
    re.IGNORECASE,
)
_AUTO_SUBJECT = re.compile(
    r"\s*(?:auto:|automatic reply|autoreply|auto-reply|out of office|odpowiedź automatyczna"
    r"|automatyczna odpowiedź|nieobecność)",
    re.IGNORECASE,
)
_DEFECTS = {
    "NoBoundaryInMultipartDefect": "multipart without a boundary, read as plain text",
    "MultipartInvariantViolationDefect": "multipart without a boundary, read as plain text",
    "StartBoundaryNotFoundDefect": "multipart boundary never found, read as plain text",
    "CloseBoundaryNotFoundDefect": "multipart closing boundary missing, read to the end",
    "FirstHeaderLineIsContinuationDefect": "header section starts with a continuation line",
    "MissingHeaderBodySeparatorDefect": "header section not ended by a blank line",
    "InvalidBase64PaddingDefect": "broken base64, decoded what could be read",
    "InvalidBase64CharactersDefect": "broken base64, decoded what could be read",
    "InvalidBase64LengthDefect": "broken base64, decoded what could be read",
}


# Text ------------------------------------------------------------------------------------------


def _address(value: str) -> str:
    """A lower-cased bare e-mail address, or "" when `value` is not one."""
    value = normalise_email(value.strip().strip("<>"))
    return value if len(value) <= 254 and _ADDRESS.fullmatch(value) else ""


def _message_ids(value: str) -> list[str]:
    """Message-IDs in "<local@domain>" form; one unbracketed id is accepted too."""
    value = clean_text(value)
    ids = [f"<{found}>" for found in _MESSAGE_ID.findall(value)]
    if not ids and _BARE_ID.fullmatch(value.strip()):
        ids = [f"<{value.strip()}>"]
    # A shortened id would never match the one it came from, so long ones are dropped.
    return _unique(found for found in ids if len(found) <= ID_MAX)


def _unique(items: Iterator[str] | list[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def _type_of(part: Message) -> str:
    """The part's "type/subtype"; text/plain when the header is malformed, as RFC 2045 says."""
    content_type = part.get_content_type()
    return content_type if _TYPE.fullmatch(content_type) else "text/plain"


def _content_type(content_type: str, filename: str) -> str:
    """Lower-case type with the usual aliases; octet-stream is named by the file's extension."""
    content_type = _TYPE_ALIASES.get(content_type.strip().lower(), content_type.strip().lower())
    if content_type == "application/octet-stream" and "." in filename:
        guessed, _encoding = _MIME_TYPES.guess_type("file." + filename.rsplit(".", 1)[-1])
        return _TYPE_ALIASES.get(guessed, guessed) if guessed else content_type
    return content_type


def _safe_filename(name: str, content_type: str) -> str:
    """A file name without a path, controls or reserved characters, at most 200 characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", _UNSAFE_NAME.sub("", name))
    name = " ".join(name.split()).strip(". ")
    if len(name) > NAME_MAX:
        stem, dot, extension = name.rpartition(".")
        if dot and len(extension) <= 10:
            name = stem[: NAME_MAX - len(extension) - 1].rstrip(". ") + "." + extension
        name = name[:NAME_MAX]
    return name or "attachment" + (_MIME_TYPES.guess_extension(content_type) or "")


# Case references -------------------------------------------------------------------------------
def find_case_reference(subject: str, prefix: str) -> int | None:
    """The case number in a bracketed reference such as "[PPK-123]" in a subject, or None."""
    if not isinstance(subject, str) or not isinstance(prefix, str) or not prefix.strip():
        return None
    pattern = rf"\[\s*{re.escape(prefix.strip())}\s*-\s*([0-9]+)\s*\]"
    for match in re.finditer(pattern, subject, re.IGNORECASE):
        digits = match.group(1).lstrip("0") or "0"
        # Case ids are PostgreSQL integers; longer digit runs cannot name one.
        if len(digits) <= 10 and int(digits) <= 2**31 - 1:
            return int(digits)
    return None


# Messages --------------------------------------------------------------------------------------
@dataclass
class _Scope:
    """The text parts of one message: the one received, or one forwarded inside it."""

    heading: str = ""
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)

    def text(self) -> str:
        bodies = self.plain or [html_to_text(html) for html in self.html]
        return "\n\n".join(part.strip("\n") for part in [self.heading, *bodies] if part.strip())


class _Reader(Decoder):
    """One parse: the limits, the problems noted so far and what has been gathered."""

    def __init__(
        self,
        *,
        max_attachment_bytes: int,
        attachment_types: Collection[str],
        max_depth: int,
        max_parts: int,
    ) -> None:
        super().__init__()
        self.max_attachment_bytes = max_attachment_bytes
        self.attachment_types = {_content_type(name, "") for name in attachment_types}
        self.max_depth = max_depth
        self.max_parts = max_parts
        self.scopes = [_Scope()]
        self.attachments: list[InboundAttachment] = []
        self.skipped: list[str] = []
        self.delivery_status = False
        self.failed_recipients: list[str] = []
        self.returned_ids: list[str] = []
        self.embedded_ids: list[str] = []

    @contextmanager
    def salvage(self, what: str) -> Iterator[None]:
        """Keep going after an unexpected error: parse_message promises never to raise."""
        try:
            yield
        except Exception as error:
            self.note(f"internal error while reading {what} ({type(error).__name__}), skipped")

    def read(self, raw: bytes) -> InboundMessage:
        result = InboundMessage()
        try:
            message = BytesParser(policy=_POLICY).parsebytes(raw)
            body_readable = True
        except RecursionError:
            self.note("MIME structure too deep for the parser, only the headers were read")
            message = BytesParser(policy=_POLICY).parsebytes(raw, headersonly=True)
            body_readable = False
        with self.salvage("the headers"):
            self.read_headers(message, result)
        if body_readable:
            with self.salvage("the body"):
                self.walk(message)
        text = ""
        with self.salvage("the body"):
            # Forwarded messages are material the sender brings, not history, so never folded.
            own, *forwarded = (scope.text() for scope in self.scopes)
            new, result.quoted = fold_quoted(own)
            result.text = "\n\n".join(filter(None, [new, *forwarded]))
            text = "\n\n".join(filter(None, [own, *forwarded]))
        with self.salvage("the kind of message"):
            result.kind = self.kind(message, result, text)
        result.attachments = self.attachments
        result.skipped_attachments = self.skipped
        result.problems = self.problems
        return result

    # Headers
    def header(self, message: Message, name: str) -> str:
        """A header's first value, unfolded, its 8-bit bytes decoded; encoded-words left."""
        value = message.get(name)
        if value is None:
            return ""
        return self.unescape_8bit(re.sub(r"\r?\n", "", str(value)))

    def decoded_header(self, message: Message, name: str) -> str:
        return self.decode_words(self.header(message, name))

    def read_headers(self, message: Message, result: InboundMessage) -> None:
        subject = self.clean(self.decoded_header(message, "Subject"))
        subject = " ".join(subject.split())
        if len(subject) > SUBJECT_MAX:
            self.note(f"subject longer than {SUBJECT_MAX} characters, truncated")
        result.subject = subject[:SUBJECT_MAX]

        sender = self.header(message, "From")
        name, address = parseaddr(sender)
        result.from_address = _address(address)
        result.from_name = clean_line(self.decode_words(name), NAME_MAX)
        if sender.strip() and not result.from_address:
            self.note("From address unreadable, left empty")

        raw_id = self.header(message, "Message-ID")
        ids = _message_ids(raw_id)
        result.message_id = ids[0] if ids else ""
        if raw_id.strip() and not ids:
            self.note("Message-ID unusable, left empty")
        result.in_reply_to = _message_ids(self.header(message, "In-Reply-To"))
        result.references = _message_ids(self.header(message, "References"))[-REFERENCES_MAX:]

        result.date = self.date(self.header(message, "Date"))
        result.outbox_id = clean_line(self.header(message, "X-Outbox-Id"), ID_MAX)
        result.auto_submitted = clean_line(self.header(message, "Auto-Submitted"), ID_MAX).lower()

    def date(self, value: str) -> datetime | None:
        if not value.strip():
            return None
        try:
            date = parsedate_to_datetime(clean_line(value, 200))
        except (TypeError, ValueError, IndexError, OverflowError):
            self.note("Date unreadable, left empty")
            return None
        # "-0000" means the zone is unknown; UTC is the least wrong guess.
        return date if date.tzinfo else date.replace(tzinfo=UTC)

    # Body
    def walk(self, root: Message) -> None:
        """Walk the MIME tree depth-first with an explicit stack and the depth and part limits."""
        stack: list[tuple[Message, int, str, _Scope]] = [(root, 0, "", self.scopes[0])]
        visited: list[Message] = []
        leaves = 0
        while stack:
            part, depth, parent, scope = stack.pop()
            if depth > self.max_depth:
                self.note(f"MIME nesting deeper than {self.max_depth}, deeper parts skipped")
                continue
            visited.append(part)
            content_type = _type_of(part)
            if part.is_multipart():  # also message/*: the parser keeps the inner message in a list
                children = self.children(content_type, parent, part.get_payload(), scope)
                stack.extend((child, depth + 1, content_type, s) for child, s in reversed(children))
                continue
            leaves += 1
            if leaves > self.max_parts:
                self.note(f"more than {self.max_parts} MIME parts, the rest skipped")
                break
            with self.salvage("a MIME part"):
                self.leaf(part, content_type, parent, scope)
        for part in visited:
            for defect in getattr(part, "defects", []):
                name = type(defect).__name__
                self.note(_DEFECTS.get(name, f"MIME defect: {name}"))

    def children(
        self, content_type: str, parent: str, payload: list, scope: _Scope
    ) -> list[tuple[Message, _Scope]]:
        """The parts to walk under a container, and the message each belongs to."""
        parts = [part for part in payload if isinstance(part, Message)]
        if content_type in ("message/delivery-status", "message/global-delivery-status"):
            # A bounce that a person forwards to us is still their message, not a bounce.
            if scope is self.scopes[0]:
                self.read_delivery_status(parts)
            return []
        if content_type.startswith("message/"):
            inner = parts[0] if parts else Message()
            ids = _message_ids(self.header(inner, "Message-ID"))
            if parent == "multipart/report":
                # Our own message coming back: its id matters, its text does not.
                self.returned_ids += ids
                return []
            self.embedded_ids += ids
            forwarded = _Scope(heading=self.forward_heading(inner))
            self.scopes.append(forwarded)
            return [(inner, forwarded)]
        if content_type == "multipart/alternative" and parts:
            plain = [part for part in parts if _type_of(part) == "text/plain"]
            return [(plain[0] if plain else parts[-1], scope)]
        return [(part, scope) for part in parts]

    def forward_heading(self, inner: Message) -> str:
        lines = ["---------- Forwarded message ----------"]
        for name in ("From", "Date", "Subject"):
            value = clean_line(self.decoded_header(inner, name), SUBJECT_MAX)
            if value:
                lines.append(f"{name}: {value}")
        return "\n".join(lines)

    def leaf(self, part: Message, content_type: str, parent: str, scope: _Scope) -> None:
        if content_type.startswith("multipart/"):
            content_type = "text/plain"  # no usable boundary: the body is all there is
        disposition = str(part.get("Content-Disposition", "")).split(";")[0].strip().lower()
        filename = self.filename(part)
        data = part.get_payload(decode=True)
        data = data if isinstance(data, bytes) else b""
        if content_type == "text/rfc822-headers":
            headers = HeaderParser(policy=_POLICY).parsestr(self.decode(data, self.charset(part)))
            self.returned_ids += _message_ids(self.header(headers, "Message-ID"))
            return
        is_body = disposition == "inline" or (not disposition and (not filename or not parent))
        if content_type in ("text/plain", "text/html") and is_body:
            text = self.clean(self.decode(data, self.charset(part)))
            (scope.plain if content_type == "text/plain" else scope.html).append(text)
            return
        self.attachment(_content_type(content_type, filename), filename, data)

    def charset(self, part: Message) -> str | None:
        value = part.get_param("charset")
        if isinstance(value, tuple):
            value = value[2]
        return self.unescape_8bit(value) if value else None

    def filename(self, part: Message) -> str:
        """The part's file name, RFC 2231 and RFC 2047 decoded, not yet made safe."""
        value = part.get_param("filename", None, "content-disposition") or part.get_param("name")
        if isinstance(value, tuple):
            charset, _language, text = value
            return self.decode(text.encode("latin-1", "surrogateescape"), charset or None)
        return self.decode_words(self.unescape_8bit(value)) if value else ""

    def attachment(self, content_type: str, filename: str, data: bytes) -> None:
        name = _safe_filename(self.clean(filename), content_type)
        if content_type == "text/html":
            reason = "HTML is never kept as an attachment"
        elif content_type not in self.attachment_types:
            reason = "type not accepted"
        elif len(data) > self.max_attachment_bytes:
            reason = f"larger than {self.max_attachment_bytes} bytes"
        else:
            self.attachments.append(InboundAttachment(name, content_type, data))
            return
        self.skipped.append(f"{name} ({content_type}, {len(data)} bytes): {reason}")

    # Kind
    def read_delivery_status(self, blocks: list[Message]) -> None:
        """Failed recipients from the per-recipient blocks of an RFC 3464 report."""
        self.delivery_status = True
        for block in blocks:
            # message/global-delivery-status leaves the blocks after the first as its body.
            texts = [self.unescape_8bit(f"{key}: {value}") for key, value in block.items()]
            body = block.get_payload(decode=True)
            if isinstance(body, bytes):
                texts.append(self.decode(body, None))
            for text in re.split(r"\n[ \t]*\n", "\n".join(texts)):
                pairs = (line.partition(":") for line in text.splitlines() if ":" in line)
                fields = {key.strip().lower(): value.strip() for key, _colon, value in pairs}
                if fields.get("action", "").lower().startswith("failed"):
                    recipient = fields.get("final-recipient") or fields.get("original-recipient")
                    self.failed_recipients.append(_address((recipient or "").rpartition(";")[2]))

    def kind(self, message: Message, result: InboundMessage, text: str) -> MessageKind:
        report_type = message.get_param("report-type")
        is_report = _type_of(message) == "multipart/report" and (
            str(report_type).lower() == "delivery-status"
        )
        failed = self.header(message, "X-Failed-Recipients")
        failed_recipients = [_address(address) for _name, address in getaddresses([failed])]
        if is_report or self.delivery_status:
            result.bounced_recipients = _unique(self.failed_recipients + failed_recipients)
            result.bounced_message_ids = _unique(self.returned_ids)
            return MessageKind.BOUNCE
        local_part = result.from_address.partition("@")[0]
        if failed.strip() or (
            local_part in ("mailer-daemon", "postmaster") and _BOUNCE_SUBJECT.search(result.subject)
        ):
            result.bounced_recipients = _unique(failed_recipients)
            quoted_ids = [
                found for line in _EMBEDDED_ID.findall(text) for found in _message_ids(line)
            ]
            ids = self.returned_ids + self.embedded_ids + quoted_ids
            result.bounced_message_ids = _unique(i for i in ids if i != result.message_id)
            return MessageKind.BOUNCE

        precedence = clean_line(self.header(message, "Precedence"), 40).lower()
        auto_submitted = result.auto_submitted.split(";")[0].strip()
        if (
            (auto_submitted and auto_submitted != "no")
            or message.get("X-Autoreply") is not None
            or message.get("X-Autorespond") is not None
            or precedence in ("auto_reply", "auto-reply")
            or _AUTO_SUBJECT.match(result.subject)
        ):
            return MessageKind.AUTO_REPLY
        if (
            precedence in ("bulk", "junk", "list")
            or message.get("List-Id") is not None
            or message.get("List-Unsubscribe") is not None
        ):
            return MessageKind.BULK
        return MessageKind.MESSAGE


def parse_message(
    raw: bytes,
    *,
    max_attachment_bytes: int,
    attachment_types: Collection[str],
    max_depth: int = 10,
    max_parts: int = 100,
) -> InboundMessage:
    """Read a raw RFC 5322 message; never raises, and notes in `problems` what it repaired.

    The text is the new text of the message, with quoted history folded into `quoted`. A
    forwarded message (a message/rfc822 part) is appended to the text, unfolded, below a
    "Forwarded message" heading, and its attachments are gathered like the others; the message
    returned inside a bounce is read only for its Message-ID.
    """
    if not isinstance(raw, bytes | bytearray | memoryview):
        return InboundMessage(problems=["the message is not bytes, nothing was read"])
    reader = _Reader(
        max_attachment_bytes=max_attachment_bytes,
        attachment_types=attachment_types,
        max_depth=max_depth,
        max_parts=max_parts,
    )
    try:
        return reader.read(bytes(raw))
    except Exception as error:
        return InboundMessage(
            problems=[*reader.problems, f"the message could not be read ({type(error).__name__})"]
        )
