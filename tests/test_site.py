import json
import os
import subprocess
import sys

import pytest

from tests.conftest import BASE_DIR, broker_unreachable

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7-" + "k" * 20 + "production-like-secret-key-for-the-check-0123",
    "DJANGO_ALLOWED_HOSTS": "portal.example",
    "SITE_URL": "https://portal.example",
}


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_a_secret_key_refuses_to_start():
    """DJANGO_DEBUG=0 and no DJANGO_SECRET_KEY stops start-up with a clear message."""
    env = {**PRODUCTION_ENV}
    del env["DJANGO_SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_the_deploy_check():
    """check --deploy finds nothing, not even a warning, in production settings."""
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.django_db
def test_healthz_reports_ok(client):
    """With the database and the broker reachable, /healthz answers 200 in JSON."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "cache": "ok"},
    }


@pytest.mark.django_db
def test_healthz_reports_a_broker_outage(client):
    """An unreachable broker makes /healthz answer 503 and name the broker."""
    with broker_unreachable():
        response = client.get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"] == "unavailable"  # never an exception's name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/no-such-page/", "Nie znaleźliśmy tej strony"),
        ("/en/no-such-page/", "We could not find that page"),
    ],
)
def test_not_found_page_helps_in_the_visitors_language(client, path, text):
    """A missing page answers 404 with the site's own page and ways on."""
    response = client.get(path)
    assert response.status_code == 404
    assert text in response.text
    assert "tel:" in response.text


@pytest.mark.django_db
def test_a_form_without_csrf_token_gets_an_explaining_403():
    """A post without its token is refused with a page that says what to do."""
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/en/accounts/login/", {"username": "x"})
    assert response.status_code == 403
    assert "The form has expired" in response.text


@pytest.mark.django_db
def test_base_page_carries_the_skip_link_hotline_and_accessibility_meta(client):
    """Every page has a skip link, the hotline as tel: and the accessibility statement meta."""
    html = client.get("/").text
    assert 'href="#main"' in html
    assert 'href="tel:+48800888998"' in html
    assert 'name="deklaracja-dostępności"' in html


@pytest.mark.django_db
def test_security_headers_on_a_public_page(client):
    """CSP without unsafe-inline, frame denial, nosniff and a referrer policy on every page."""
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("language", "text"), [("pl", "Coś poszło nie tak"), ("en", "Something went wrong")]
)
def test_server_error_page_needs_no_database_and_speaks_both_languages(language, text):
    """The 500 page renders from the template alone, in the active language."""
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override(language):
        html = render_to_string("500.html")
    assert text in html
