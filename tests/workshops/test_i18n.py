"""The workshops catalogues: Polish complete, English identical to the source."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "workshops" / "locale"


def test_polish_catalogue_is_complete():
    """Every Polish entry is translated and none is fuzzy."""
    catalogue = polib.pofile(str(LOCALE / "pl" / "LC_MESSAGES" / "django.po"))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


def test_english_catalogue_repeats_the_source():
    """English strings are their own translation (no fuzzy match slipped in)."""
    catalogue = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    wrong = [e.msgid for e in catalogue if not e.msgid_plural and e.msgstr != e.msgid]
    assert wrong == []
