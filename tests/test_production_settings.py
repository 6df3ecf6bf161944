"""Production settings built from a clean environment: only DJANGO_DEBUG=0 and what it requires.

The subprocess gets no variable of this shell (no DATABASE_URL, no REDIS_URL, no test
overrides), so every value checked here is the default a fresh production host gets.
"""

import json
import subprocess
import sys

import pytest

from tests.conftest import BASE_DIR

MINIMUM = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7-" + "k" * 20 + "production-like-secret-key-for-the-check-0123",
    "DJANGO_ALLOWED_HOSTS": "portal.example",
    "SITE_URL": "https://portal.example",
}
SHOWN = [
    "DEBUG",
    "REQUIRE_TWO_FACTOR",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
]
PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings; "
    f"print(json.dumps({{name: getattr(settings, name, None) for name in {SHOWN!r}}}))"
)


def run_clean(*args: str) -> subprocess.CompletedProcess:
    """Run Python in the project with nothing in the environment but the minimum."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(BASE_DIR / "var"),
        "DJANGO_SETTINGS_MODULE": "returnportal.settings",
        **MINIMUM,
    }
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def production() -> dict:
    result = run_clean("-c", PRINT_SETTINGS)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_requires_the_second_factor(production):
    """With DJANGO_DEBUG=0 staff must give a TOTP code; nobody has to remember to turn it on."""
    assert production["DEBUG"] is False
    assert production["REQUIRE_TWO_FACTOR"] is True


def test_production_cookies_are_secure_and_https_is_forced(production):
    """Session and CSRF cookies go over HTTPS only; HTTP is redirected; HSTS for a year."""
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True


def test_production_from_a_clean_environment_passes_the_deploy_check():
    """manage.py check --deploy finds nothing, not even a warning."""
    result = run_clean("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
