"""The office mailbox over IMAP: read what is new, file each message once, then flag it.

A message is flagged `$PortalFiled` on the server only after its filing committed, and the
ledger (`MailboxMessage`, unique per mailbox, UIDVALIDITY and UID) makes a message that was
filed but not flagged (a crash in between) a no-op the next time: it is only flagged then.
"""

import contextlib
import imaplib
import logging
import re
import ssl
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from contacts.correspondence import mailbox_file_message
from contacts.models import MailboxMessage

logger = logging.getLogger(__name__)

FILED_FLAG = "$PortalFiled"
# One FETCH of bodies carries at most this many messages and bytes (a single message over the
# byte budget goes alone), so memory stays bounded however full the mailbox is.
FETCH_MAX_MESSAGES = 50
FETCH_MAX_BYTES = 8 * 1024 * 1024
# A message over MAILBOX_MESSAGE_MAX_BYTES is filed from its header section, read this far.
HEADER_MAX_BYTES = 256 * 1024
# The mailbox is searched this many messages (sequence numbers) at a time: a single SEARCH of a
# huge mailbox could answer with a line longer than imaplib accepts (1 MB), and the UID sets
# sent back in FETCH and STORE stay well inside a server's command-line limit. Should another
# client expunge meanwhile, the numbers shift: what this run misses, the next one finds.
SEARCH_WINDOW = 1000

_UID = re.compile(rb"\bUID (\d+)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")


class MailboxUnavailable(Exception):
    """The mailbox could not be reached, logged into or read; the message names no password."""


@dataclass(frozen=True)
class MailboxConfig:
    """Where the office mailbox is, from MAILBOX_URL (imaps://user:password@host:port/folder)."""

    host: str
    port: int
    user: str
    password: str = field(repr=False)
    folder: str = "INBOX"
    use_ssl: bool = True

    @classmethod
    def from_url(cls, url: str) -> "MailboxConfig":
        parts = urlsplit(url)
        if parts.scheme not in ("imap", "imaps"):
            raise ImproperlyConfigured("MAILBOX_URL must start with imap:// or imaps://.")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured("MAILBOX_URL has an invalid port.") from None
        if not parts.hostname or not parts.username:
            raise ImproperlyConfigured("MAILBOX_URL needs a user and a host.")
        use_ssl = parts.scheme == "imaps"
        return cls(
            host=parts.hostname,
            port=port or (993 if use_ssl else 143),
            user=unquote(parts.username),
            password=unquote(parts.password or ""),
            folder=unquote(parts.path.lstrip("/")) or "INBOX",
            use_ssl=use_ssl,
        )

    @property
    def name(self) -> str:
        """The mailbox as the ledger names it, e.g. "office@re-turn.example@imap.host/INBOX"."""
        return f"{self.user}@{self.host}/{self.folder}"


def mailbox_import(*, url: str | None = None, limit: int | None = None) -> dict[str, int]:
    """File the messages of the office mailbox not flagged yet; counts per outcome.

    Reads at most `limit` unflagged messages, oldest UID first. Bodies are read with
    BODY.PEEK[] so that nobody's "unread" changes. Each message commits on its own
    (`mailbox_file_message`), and the messages of a fetch batch are flagged after they
    committed; call this outside a transaction, or the flag may outlive a rollback.
    Raises `MailboxUnavailable` when the server cannot be reached, logged into or read.
    """
    url = url or settings.MAILBOX_URL
    if not url:
        raise ImproperlyConfigured("MAILBOX_URL is not set.")
    config = MailboxConfig.from_url(url)
    counts = dict.fromkeys(MailboxMessage.Outcome.values, 0)
    counts["skipped_already_filed"] = 0
    imap = _connect(config)
    try:
        uidvalidity, exists = _select(imap, config)
        remaining = limit
        for start in range(1, exists + 1, SEARCH_WINDOW):
            if remaining is not None and remaining <= 0:
                break
            end = min(start + SEARCH_WINDOW - 1, exists)
            found = _command(
                imap, config, "UID", "SEARCH", f"{start}:{end}", "UNKEYWORD", FILED_FLAG
            )
            uids = sorted({int(uid) for line in found if line for uid in line.split()})
            if remaining is not None:
                uids = uids[:remaining]
                remaining -= len(uids)
            if uids:
                _import_uids(imap, config, uidvalidity, uids, counts)
    finally:
        _logout(imap)
    logger.info("mailbox %s imported: %s", config.name, counts)
    return counts


def _import_uids(
    imap: imaplib.IMAP4, config: MailboxConfig, uidvalidity: int, uids: list[int], counts: dict
) -> None:
    # Filed by an earlier run that could not flag them: flag them now, without reading them.
    known = set(
        MailboxMessage.objects.filter(
            mailbox=config.name[:300], uidvalidity=uidvalidity, uid__in=uids
        ).values_list("uid", flat=True)
    )
    if known:
        _flag(imap, config, known)
        counts["skipped_already_filed"] += len(known)
    todo = [uid for uid in uids if uid not in known]
    if not todo:
        return
    sizes = {}
    for head in _command(imap, config, "UID", "FETCH", _uid_set(todo), "(RFC822.SIZE)"):
        head = head[0] if isinstance(head, tuple) else head
        uid, size = _UID.search(head or b""), _SIZE.search(head or b"")
        if uid and size:
            sizes[int(uid[1])] = int(size[1])
    # A UID without a size was expunged meanwhile by another client: nothing to file.
    for batch in _batches([(uid, sizes[uid]) for uid in todo if uid in sizes]):
        _import_batch(imap, config, uidvalidity, batch, counts)


def _import_batch(
    imap: imaplib.IMAP4,
    config: MailboxConfig,
    uidvalidity: int,
    batch: list[tuple[int, int]],
    counts: dict,
) -> None:
    limit = settings.MAILBOX_MESSAGE_MAX_BYTES
    whole = [uid for uid, size in batch if size <= limit]
    large = [uid for uid, size in batch if size > limit]
    bodies = {}
    if whole:
        bodies.update(_fetch(imap, config, whole, "BODY.PEEK[]"))
    if large:
        bodies.update(_fetch(imap, config, large, f"BODY.PEEK[HEADER]<0.{HEADER_MAX_BYTES}>"))
    committed = []
    try:
        for uid, size in batch:
            raw = bodies.pop(uid, None)
            if raw is None:  # expunged between the two FETCHes
                continue
            # Only a header section goes with its size: a server's RFC822.SIZE may differ from
            # the bytes of a whole message by a little, which would read as "too large".
            record, filed_now = mailbox_file_message(
                mailbox=config.name,
                uidvalidity=uidvalidity,
                uid=uid,
                raw=raw,
                size=size if size > limit else None,
            )
            committed.append(uid)
            counts[record.outcome if filed_now else "skipped_already_filed"] += 1
    finally:
        # Even when filing stops halfway (the database went away), what committed is flagged.
        if committed:
            _flag(imap, config, committed)


def _batches(sizes: list[tuple[int, int]]) -> Iterator[list[tuple[int, int]]]:
    """(UID, size) pairs in groups bounded in count and in the bytes a FETCH brings back."""
    batch, total = [], 0
    for uid, size in sizes:
        cost = min(size, HEADER_MAX_BYTES) if size > settings.MAILBOX_MESSAGE_MAX_BYTES else size
        if batch and (len(batch) >= FETCH_MAX_MESSAGES or total + cost > FETCH_MAX_BYTES):
            yield batch
            batch, total = [], 0
        batch.append((uid, size))
        total += cost
    if batch:
        yield batch


def _fetch(imap: imaplib.IMAP4, config: MailboxConfig, uids: list[int], item: str) -> dict:
    """{UID: bytes} of one FETCH; the UID may come before or after the literal."""
    data = _command(imap, config, "UID", "FETCH", _uid_set(uids), f"(UID {item})")
    found, pending = {}, None
    for part in data:
        if isinstance(part, tuple):
            head, pending = part
            uid = _UID.search(head)
            if uid:
                found[int(uid[1])], pending = pending, None
        elif pending is not None and part:
            uid = _UID.search(part)
            if uid:
                found[int(uid[1])] = pending
            pending = None
    return found


def _flag(imap: imaplib.IMAP4, config: MailboxConfig, uids: Iterable[int]) -> None:
    _command(imap, config, "UID", "STORE", _uid_set(uids), "+FLAGS.SILENT", f"({FILED_FLAG})")


def _uid_set(uids: Iterable[int]) -> str:
    """An IMAP sequence set such as "3:7,9,12:14", short for runs of UIDs."""
    ranges: list[list[int]] = []
    for uid in sorted(uids):
        if ranges and uid == ranges[-1][1] + 1:
            ranges[-1][1] = uid
        else:
            ranges.append([uid, uid])
    return ",".join(str(a) if a == b else f"{a}:{b}" for a, b in ranges)


# The connection ---------------------------------------------------------------------------------
def _connect(config: MailboxConfig) -> imaplib.IMAP4:
    where = f"{config.host}:{config.port}"
    try:
        if config.use_ssl:
            # imaplib's own default context verifies no certificate: ask for one that does.
            imap = imaplib.IMAP4_SSL(
                config.host,
                config.port,
                ssl_context=ssl.create_default_context(),
                timeout=settings.MAILBOX_TIMEOUT,
            )
        else:
            imap = imaplib.IMAP4(config.host, config.port, timeout=settings.MAILBOX_TIMEOUT)
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailboxUnavailable(
            f"cannot connect to the mailbox at {where}: {_server_text(exc)}"
        ) from None
    try:
        imap.login(config.user, config.password)
    except (OSError, imaplib.IMAP4.error, UnicodeError) as exc:
        _logout(imap)
        # imaplib sends LOGIN in ASCII; its error would quote the password.
        reason = "not ASCII" if isinstance(exc, UnicodeError) else _server_text(exc)
        raise MailboxUnavailable(
            f"cannot log in to the mailbox at {where} as {config.user}: {reason}"
        ) from None
    return imap


def _select(imap: imaplib.IMAP4, config: MailboxConfig) -> tuple[int, int]:
    """SELECT the folder (read-write, to flag); (UIDVALIDITY, number of messages)."""
    data = _command(imap, config, "SELECT", _quoted(config.folder))
    _code, validity = imap.response("UIDVALIDITY")
    if not validity or not validity[0]:
        raise MailboxUnavailable(f"the mailbox {config.name} reports no UIDVALIDITY")
    _code, permanent = imap.response("PERMANENTFLAGS")
    if permanent and permanent[0] and not re.search(rb"\\\*|\$PortalFiled", permanent[0]):
        # Without the flag every run would read the whole mailbox again.
        raise MailboxUnavailable(f"the mailbox {config.name} does not keep the {FILED_FLAG} flag")
    return int(validity[0]), int(data[0] or 0)


def _command(imap: imaplib.IMAP4, config: MailboxConfig, *command: str) -> list:
    """Run one IMAP command; its data, or MailboxUnavailable for anything but OK."""
    name = " ".join(command[:2]) if command[0] == "UID" else command[0]
    try:
        if command[0] == "UID":
            typ, data = imap.uid(*command[1:])
        else:
            typ, data = getattr(imap, command[0].lower())(*command[1:])
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailboxUnavailable(f"{name} failed on {config.name}: {_server_text(exc)}") from None
    if typ != "OK":
        raise MailboxUnavailable(f"{name} failed on {config.name}: {_server_text(data)}")
    return data


def _logout(imap: imaplib.IMAP4) -> None:
    # A connection that is gone already leaves nothing to tidy.
    with contextlib.suppress(OSError, imaplib.IMAP4.error):
        imap.logout()


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _server_text(value) -> str:
    """What the server or the socket said, as text for a log line."""
    if isinstance(value, OSError):
        return f"{type(value).__name__}: {value}"
    if isinstance(value, BaseException):
        value = value.args[0] if value.args else type(value).__name__
    if isinstance(value, list):
        value = b" ".join(v for v in value if isinstance(v, bytes))
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value)[:300] or "no reason given"
