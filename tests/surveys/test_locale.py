from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "surveys" / "locale"


def test_english_catalogue_repeats_the_source():
    """English texts are the source strings themselves (no fuzzy-matched leftovers)."""
    catalogue = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    wrong = [e.msgid for e in catalogue if not e.msgid_plural and e.msgstr != e.msgid]
    assert wrong == []


def test_polish_catalogue_is_complete():
    """Every Polish text is translated and none is marked fuzzy."""
    catalogue = polib.pofile(str(LOCALE / "pl" / "LC_MESSAGES" / "django.po"))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert not catalogue.metadata_is_fuzzy
