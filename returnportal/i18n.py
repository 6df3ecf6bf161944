"""Message catalogues: compile them without GNU gettext, and refresh them from the source.

python -m returnportal.i18n compile   # .po -> .mo with polib (no gettext needed)
python -m returnportal.i18n update    # makemessages (needs gettext), English filled in
"""

import subprocess
import sys
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent
SKIP = {".venv", "var", "node_modules", ".git"}


def catalogues() -> list[Path]:
    """Every django.po of the project, the site-wide one and each app's."""
    return sorted(
        p
        for p in BASE_DIR.rglob("locale/*/LC_MESSAGES/django.po")
        if not SKIP.intersection(p.relative_to(BASE_DIR).parts)
    )


def compile_all() -> None:
    for po_path in catalogues():
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))


def update_all() -> None:
    """Extract strings for pl and en; English source strings are their own translation."""
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "pl",
            "-l",
            "en",
            "--no-obsolete",
            "--no-location",
            "--ignore=.venv/*",
            "--ignore=var/*",
            "--ignore=tests/*",
        ],
        cwd=BASE_DIR,
        check=True,
    )
    for po_path in catalogues():
        if po_path.parts[-3] != "en":
            continue
        catalogue = polib.pofile(str(po_path))
        for entry in catalogue:
            if entry.msgid_plural:
                entry.msgstr_plural = entry.msgstr_plural or {}
                if not any(entry.msgstr_plural.values()):
                    entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            elif not entry.msgstr or "fuzzy" in entry.flags:
                # msgmerge's fuzzy guess is another string's text: English is the source itself.
                entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
        catalogue.save()


if __name__ == "__main__":
    {"compile": compile_all, "update": update_all}[sys.argv[1]]()
