import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from returnportal.i18n import BASE_DIR, catalogues
from tests.conftest import skip_or_fail

CATALOGUES = catalogues()


def test_both_languages_have_catalogues():
    """Polish and English catalogues exist side by side for every catalogue directory."""
    languages = {p.parts[-3] for p in CATALOGUES}
    assert languages == {"pl", "en"}
    assert len([p for p in CATALOGUES if p.parts[-3] == "pl"]) == len(CATALOGUES) / 2


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_catalogue_is_complete(po_path: Path):
    """Every entry is translated and none is fuzzy."""
    catalogue = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == [], f"untranslated in {po_path}: {untranslated}"
    assert fuzzy == [], f"fuzzy in {po_path}: {fuzzy}"


def test_catalogues_hold_every_string_of_the_source(tmp_path):
    """makemessages on a copy of the source finds no string missing from the catalogues."""
    if shutil.which("xgettext") is None:
        skip_or_fail("GNU gettext (xgettext) is needed to extract strings: apt-get install gettext")
    copy = tmp_path / "src"
    shutil.copytree(
        BASE_DIR, copy, ignore=shutil.ignore_patterns(".venv", "var", ".git", "*.mo", "__pycache__")
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "pl",
            "--no-obsolete",
            "--no-location",
            "--ignore=.venv/*",
            "--ignore=var/*",
            "--ignore=tests/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    for po_path in CATALOGUES:
        if po_path.parts[-3] != "pl":
            continue
        extracted = polib.pofile(str(copy / po_path.relative_to(BASE_DIR)))
        missing = [e.msgid for e in extracted.untranslated_entries() + extracted.fuzzy_entries()]
        assert missing == [], f"strings missing from {po_path}: {missing}"


@pytest.mark.django_db
def test_polish_is_the_default_and_english_lives_under_en(client):
    """The home page is Polish without a prefix and English under /en/."""
    polish = client.get("/")
    english = client.get("/en/")
    assert '<html lang="pl">' in polish.text
    assert "Przejdź do treści głównej" in polish.text
    assert '<html lang="en">' in english.text
    assert "Skip to main content" in english.text


@pytest.mark.django_db
def test_language_switcher_links_to_the_same_page_in_the_other_language(client):
    """The switcher on a Polish page points at its English twin and back."""
    assert 'href="/en/accounts/login/"' in client.get("/accounts/login/").text
    assert 'href="/accounts/login/"' in client.get("/en/accounts/login/").text


def test_urls_reverse_in_the_active_language():
    """reverse() gives the prefixed path while English is active."""
    with translation.override("en"):
        assert reverse("login") == "/en/accounts/login/"
    with translation.override("pl"):
        assert reverse("login") == "/accounts/login/"
