"""Sign-in limits: per address and per user name, refused before the hasher, lockouts logged."""

import logging

import pytest
from django.contrib.auth.backends import ModelBackend

from tests.factories import PASSWORD, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hashings(monkeypatch):
    """How often the password hasher ran: ModelBackend hashes on every try (a dummy hash
    for unknown user names), so each call is ~250 ms of CPU in production."""
    calls = []
    original = ModelBackend.authenticate

    def counting(self, request, *args, **kwargs):
        calls.append(1)
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    return calls


def sign_in(client, username, password="wrong password!", address="192.0.2.10", **extra):
    return client.post(
        "/en/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def test_random_user_names_from_one_address_stop_before_the_hasher(client, settings, hashings):
    """The flood: new user names each time. Past SIGNIN_ADDRESS_RATE failures the address gets
    429 and the hasher no longer runs; another address is not affected."""
    settings.SIGNIN_ADDRESS_RATE = "5/15m"
    answers = [sign_in(client, f"nobody{n}").status_code for n in range(12)]
    assert answers[:5] == [200] * 5
    assert answers[5:] == [429] * 7
    assert len(hashings) == 5
    assert sign_in(client, "nobody99", address="192.0.2.11").status_code == 200


def test_a_limited_address_is_refused_even_with_the_right_password(client, settings, hashings):
    settings.SIGNIN_ADDRESS_RATE = "3/15m"
    StaffUserFactory(username="clerk")
    for n in range(3):
        sign_in(client, f"guess{n}")
    response = sign_in(client, "clerk", PASSWORD)
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.text
    assert len(hashings) == 3


def test_a_lockout_hits_the_attackers_address_not_a_colleague(client, settings, hashings):
    """Five wrong passwords for X from A lock A out for X (no hashing while locked); X from
    B signs in."""
    StaffUserFactory(username="clerk")
    for _ in range(5):
        sign_in(client, "clerk", address="192.0.2.66")
    assert len(hashings) == 5
    assert sign_in(client, "clerk", PASSWORD, address="192.0.2.66").status_code == 429
    assert len(hashings) == 5
    assert sign_in(client, "clerk", PASSWORD, address="198.51.100.5").status_code == 302


def test_many_addresses_against_one_user_name_are_limited_but_not_the_users_browser(
    client, settings, hashings
):
    """Past SIGNIN_USERNAME_RATE failures (from any addresses) the user name is refused before
    hashing, except in a browser that signed in as that user before."""
    from django.test import Client

    settings.SIGNIN_USERNAME_RATE = "4/15m"
    StaffUserFactory(username="clerk")
    own_browser = Client()
    assert sign_in(own_browser, "clerk", PASSWORD, address="198.51.100.5").status_code == 302
    device = own_browser.cookies["rp_known_device"].value
    own_browser.logout()  # clears every cookie; the browser keeps the device cookie
    own_browser.cookies["rp_known_device"] = device
    for n in range(4):
        assert sign_in(client, "clerk", address=f"203.0.113.{n}").status_code == 200
    hashed = len(hashings)
    assert sign_in(Client(), "clerk", PASSWORD, address="203.0.113.50").status_code == 429
    assert len(hashings) == hashed
    assert sign_in(own_browser, "clerk", PASSWORD, address="198.51.100.6").status_code == 302
    # Another user name is untouched.
    StaffUserFactory(username="other")
    assert sign_in(Client(), "other", PASSWORD, address="203.0.113.51").status_code == 302


def test_a_forged_device_cookie_does_not_pass_the_user_name_limit(client, settings):
    settings.SIGNIN_USERNAME_RATE = "1/15m"
    StaffUserFactory(username="clerk")
    sign_in(client, "clerk", address="203.0.113.1")
    client.cookies["rp_known_device"] = "clerk"
    assert sign_in(client, "clerk", PASSWORD, address="203.0.113.2").status_code == 429


def test_lockouts_and_limits_are_logged_with_the_address(client, settings, caplog):
    settings.SIGNIN_ADDRESS_RATE = "6/15m"
    StaffUserFactory(username="clerk")
    with caplog.at_level(logging.WARNING, logger="returnportal.security"):
        for _ in range(6):
            sign_in(client, "clerk", address="192.0.2.66")
        sign_in(client, "someone", address="192.0.2.66")
    assert "lockout username_digest=" in caplog.text
    assert "ip=192.0.2.66" in caplog.text
    assert "rate_limited path=/en/accounts/login/ what=signin_address ip=192.0.2.66" in (
        caplog.text
    )
    assert "clerk" not in caplog.text
