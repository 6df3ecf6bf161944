"""Production settings on the wire: security headers and cookie flags on each kind of page."""

import json
import os
import subprocess
import sys

import pytest
from django.core.cache import cache

from tests.conftest import BASE_DIR
from tests.factories import PASSWORD, StaffUserFactory

SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SAMESITE",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
]


@pytest.fixture(scope="module")
def production_settings() -> dict:
    """The security settings exactly as returnportal/settings.py computes them with DEBUG off."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "p" * 60,
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    script = (
        "import json, returnportal.settings as s; "
        f"print(json.dumps({{k: getattr(s, k) for k in {SECURITY_SETTINGS!r}}}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    values = json.loads(out.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production(settings, production_settings):
    for name, value in production_settings.items():
        setattr(settings, name, value)
    settings.REQUIRE_TWO_FACTOR = False  # the second factor has its own tests; here: headers
    cache.clear()


@pytest.mark.django_db
def test_production_redirects_plain_http_to_https(client, production):
    """A plain-HTTP request is sent to HTTPS."""
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/contact/", "/staff/"], ids=["public", "form", "staff"])
def test_every_kind_of_page_carries_the_security_headers(client, production, path):
    """CSP without unsafe-inline, HSTS, nosniff, a referrer policy and frame denial."""
    client.force_login(StaffUserFactory())
    response = client.get(path, secure=True)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_cookies_are_secure_httponly_and_samesite(client, production):
    """The CSRF and session cookies set by a real sign-in carry all three flags."""
    StaffUserFactory(username="clerk")
    client.get("/accounts/login/", secure=True)
    response = client.post(
        "/accounts/login/", {"username": "clerk", "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = client.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name
