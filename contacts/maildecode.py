"""Text from the bytes of received mail, whatever charset the mailer declared, if any.

Declarations are often wrong (Windows letters in a Latin-1 part, undeclared 8-bit text) and
RFC 2047 encoded-words split characters across words; the decoder repairs what it can and
notes each repair, so that the mailbox ledger says what was guessed.
"""

import base64
import binascii
import codecs
import re

from contacts.mailtext import CONTROL, clean_line, clean_text

_C1 = re.compile("[\x80-\x9f]")
_SURROGATE = re.compile("[\udc80-\udcff]")
_POLISH = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
# Latin charsets that Outlook declares for Windows text; their C1 range holds letters there.
_LATIN_TO_WINDOWS = {"iso8859-1": "windows-1252", "iso8859-2": "windows-1250"}
_ENCODED_WORD = re.compile(r"=\?([^?\s*]+)(?:\*[^?\s]*)?\?([bBqQ])\?([^?]*)\?=")


def _guess_8bit(data: bytes) -> tuple[str, str]:
    """Decode undeclared 8-bit text: UTF-8 if it is valid, else whichever reads most Polish."""
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass

    def score(text: str) -> int:
        junk = text.count("\ufffd") + len(_C1.findall(text))
        return sum(text.count(letter) for letter in _POLISH) - 2 * junk

    # Ties go to windows-1250: most Polish mail without a charset comes from Windows.
    readings = [(data.decode(name, "replace"), name) for name in ("windows-1250", "iso-8859-2")]
    readings.append((data.decode("utf-8", "replace"), "UTF-8 with replacement"))
    return max(readings, key=lambda reading: score(reading[0]))


class Decoder:
    """Decoding that notes in `problems` each repair it made."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def note(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    def clean(self, text: str) -> str:
        if CONTROL.search(text.replace("\r", "")):
            self.note("NUL or other control characters removed")
        return clean_text(text)

    def unescape_8bit(self, value: str) -> str:
        """Decode the raw 8-bit bytes the parser kept as surrogate escapes."""
        if not _SURROGATE.search(value):
            return value
        return self.decode(value.encode("utf-8", "surrogateescape"), None)

    def decode(self, data: bytes, charset: str | None) -> str:
        """Text from bytes in a declared charset, repairing wrong and unknown declarations."""
        name = (charset or "").strip().strip("\"'").lower()
        if not name:
            text, used = _guess_8bit(data)
            if used != "UTF-8":
                self.note(f"8-bit text without a charset, decoded as {used}")
            return text
        label = clean_line(name, 40)
        try:
            codec = codecs.lookup(name).name
            text = data.decode(codec)
        except UnicodeDecodeError:
            if codec not in ("ascii", "utf-8"):
                self.note(f"text not valid {label}, undecodable bytes replaced")
                return data.decode(codec, "replace")
            text, used = _guess_8bit(data)
            self.note(f"text declared as {label} was not, decoded as {used}")
            return text
        except (LookupError, UnicodeError, ValueError, TypeError):
            # Also Python's non-text codecs ("base64", "zlib") named as a charset.
            self.note(f"unknown charset {label}, decoded as UTF-8 with replacement")
            return data.decode("utf-8", "replace")
        if codec in _LATIN_TO_WINDOWS and _C1.search(text):
            used = _LATIN_TO_WINDOWS[codec]
            self.note(f"text declared as {label} has {used} letters, decoded as {used}")
            return data.decode(used, "replace")
        return text

    def decode_words(self, value: str) -> str:
        """Decode RFC 2047 encoded-words; adjacent words of one charset are joined first.

        Mailers split UTF-8 characters across adjacent words, so the bytes are joined before
        decoding. A word that cannot be decoded stays as it was written.
        """
        out: list[str] = []
        pending: tuple[str, bytearray] | None = None
        last_was_word = False
        position = 0
        for match in _ENCODED_WORD.finditer(value):
            between = value[position : match.start()]
            position = match.end()
            if not (last_was_word and not between.strip()):
                out.append(self._flush_words(pending) + between)
                pending = None
            charset, encoding, encoded = match.groups()
            data = self._word_bytes(encoding, encoded)
            last_was_word = data is not None
            if data is None:
                out.append(self._flush_words(pending) + match.group(0))
                pending = None
            elif pending and pending[0] == charset.lower():
                pending[1].extend(data)
            else:
                out.append(self._flush_words(pending))
                pending = (charset.lower(), bytearray(data))
        out.append(self._flush_words(pending) + value[position:])
        return "".join(out)

    def _flush_words(self, pending: tuple[str, bytearray] | None) -> str:
        return self.decode(bytes(pending[1]), pending[0]) if pending else ""

    def _word_bytes(self, encoding: str, encoded: str) -> bytes | None:
        if encoding in "qQ":
            return binascii.a2b_qp(encoded.encode("utf-8", "replace"), header=True)
        # Missing padding is common and harmless; anything else wrong makes the word unreadable.
        letters = "".join(encoded.split()).rstrip("=")
        try:
            return base64.b64decode(letters + "=" * (-len(letters) % 4), validate=True)
        except (binascii.Error, ValueError):  # ValueError: not ASCII
            self.note("broken encoded-word in a header, left as written")
            return None
