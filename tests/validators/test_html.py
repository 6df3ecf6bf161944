"""The Nu Html Checker finds no error on any public page, any staff page or an e-mail.

Pages are rendered by the test client over the demo data, in Polish and English, written to a
temporary folder and checked by one vnu run. A failure lists `file:line: message [address]`;
the files stay in pytest's temporary folder (the path is in the failure) to open.
"""

import re
from pathlib import Path

import pytest
from django.template import engines

from returnportal.mail.services import email_render
from tests.conftest import skip_or_fail
from tests.factories import StaffUserFactory
from tests.validators import vnu
from tests.validators.pages import (
    FRAGMENTS,
    LANGUAGES,
    load_world,
    public_paths,
    staff_paths,
    view_name,
)

FRAGMENT_DOCUMENT = (
    '<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>fragment</title></head>'
    "<body>{}</body></html>"
)

pytestmark = pytest.mark.django_db


def file_name_for(path: str) -> str:
    return (re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home") + ".html"


def write_pages(client, paths: list[str], folder: Path, names: dict) -> list[str]:
    """Save each page's HTML; return the pages that did not answer as expected."""
    problems = []
    for path in paths:
        response = client.get(path)
        expected = 404 if "no-such-page" in path else 200
        content_type = response.get("Content-Type", "")
        if response.status_code != expected or not content_type.startswith("text/html"):
            problems.append(f"{path}: {response.status_code} {content_type}")
            continue
        name = file_name_for(path)
        html = response.content.decode()
        if expected == 200 and view_name(path) in FRAGMENTS:
            html = FRAGMENT_DOCUMENT.format(html)
        (folder / name).write_text(html, encoding="utf-8")
        names[name] = path
    return problems


def email_templates() -> list[str]:
    """Every HTML e-mail template (they all extend mail/base_email.html)."""
    templates = []
    for directory in engines["django"].template_dirs:
        for path in Path(directory).rglob("email/*.html"):
            if "mail/base_email.html" in path.read_text(encoding="utf-8"):
                templates.append(str(path.relative_to(directory)).removesuffix(".html"))
    return sorted(set(templates))


def write_emails(world: dict, folder: Path, names: dict) -> None:
    context = {
        "name": "Anna Kowalska",
        "username": "anna",
        "workshop": world["workshop"],
        "registration": world["registration"],
        "case": world["case"],
        "person": world["person"],
        "reference": world["case"].reference,
        "subject": "Zasiłek",
        "body": "Dzień dobry,\n\nodpowiedź.",
        "message": "Pytanie\n\nw dwóch akapitach",
        "staff_name": "Ewa",
        "position": 3,
        "minutes": 30,
        "hold_minutes": 30,
        "topic": "Finanse",
        "audience": "Wszyscy",
        "survey_title": "Ankieta",
        "expires_on": "2026-12-31",
        "answer_language": "polski",
        "show_online_link": True,
        "manage_url": "https://re-turn.example/registrations/abc/",
        "confirm_url": "https://re-turn.example/registrations/abc/confirm/",
        "unsubscribe_url": "https://re-turn.example/workshops/unsubscribe/abc/",
        "workshop_url": "https://re-turn.example/workshops/x/",
        "resume_path": "/survey/x/resume/abc/",
        "protocol": "https",
        "domain": "re-turn.example",
        "uid": "MQ",
        "token": "abc-def",
    }
    for template in email_templates():
        for language in LANGUAGES:
            _subject, _text, html = email_render(
                template=template, context=context, language=language
            )
            name = f"email_{file_name_for(template)[:-5]}_{language}.html"
            (folder / name).write_text(html, encoding="utf-8")
            names[name] = f"e-mail {template} ({language})"


def assert_valid(folder: Path, names: dict[str, str]) -> None:
    """One vnu run over the folder; fail listing every error as file:line: message [page]."""
    errors = vnu.check(sorted(folder.glob("*.html")))

    documents = {m.get("url", "").rsplit("/", 1)[-1] for m in errors}
    report = "\n".join(vnu.describe(m, names) for m in errors)
    summary = f"{len(errors)} errors in {len(documents)} of {len(names)} documents ({folder})"
    assert errors == [], f"{summary}:\n{report}"


@pytest.fixture
def java():
    if vnu.java() is None:
        skip_or_fail("the HTML check needs Java (apt-get install default-jre-headless)")


def test_public_and_staff_pages_are_valid_html(java, client, tmp_path):
    """No Nu Html Checker error on any public or staff page, in both languages."""
    world = load_world()
    names: dict[str, str] = {}
    problems = write_pages(client, public_paths(world), tmp_path, names)
    client.force_login(StaffUserFactory())
    problems += write_pages(client, staff_paths(world, every=True), tmp_path, names)
    assert problems == [], "pages that did not answer with HTML:\n" + "\n".join(problems)
    assert_valid(tmp_path, names)


def test_emails_are_valid_html(java, tmp_path):
    """No Nu Html Checker error in the HTML of any e-mail, in both languages."""
    names: dict[str, str] = {}
    write_emails(load_world(), tmp_path, names)
    assert len(names) >= 2 * 15, "every e-mail template in both languages"
    assert_valid(tmp_path, names)
