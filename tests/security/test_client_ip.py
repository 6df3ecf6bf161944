"""The client address behind our proxy (TRUSTED_PROXY_COUNT), and a forged header ignored."""

import logging

import pytest
from django.test import RequestFactory

from returnportal.client_ip import client_ip
from tests.security.test_rate_limits import contact_post

pytestmark = pytest.mark.django_db


def _request(remote="10.0.0.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_a_direct_client_cannot_choose_its_address(settings):
    """With no trusted proxy (the default) X-Forwarded-For is ignored entirely."""
    assert settings.TRUSTED_PROXY_COUNT == 0
    assert client_ip(_request("192.0.2.7", "203.0.113.9")) == "192.0.2.7"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        # The client wrote the left part itself; only what nginx appended counts.
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        # Fewer entries than proxies, or garbage: the connection's own address.
        (2, "203.0.113.9", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_behind_n_proxies_the_nth_entry_from_the_right_is_the_client(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(_request("10.0.0.1", forwarded)) == expected


def test_behind_the_proxy_each_client_has_its_own_contact_form_limit(client, settings):
    """The region's people no longer share the proxy's address: one asking five questions
    does not close the form for the next (TRUSTED_PROXY_COUNT=1, nginx's header)."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CONTACTS_FORM_RATE = "2/h"
    first = [contact_post(client, n, forwarded="203.0.113.1").status_code for n in range(3)]
    assert first == [302, 302, 429]
    assert contact_post(client, 10, forwarded="203.0.113.2").status_code == 302
    # A client cannot escape its own limit by prepending a forged entry.
    forged = contact_post(client, 11, forwarded="198.51.100.1, 203.0.113.1")
    assert forged.status_code == 429


def test_axes_and_the_security_log_see_the_client_behind_the_proxy(client, settings, caplog):
    """A lockout names the real client, and locks only that client."""
    from axes.models import AccessAttempt

    from tests.factories import PASSWORD, StaffUserFactory

    settings.TRUSTED_PROXY_COUNT = 1
    StaffUserFactory(username="clerk")
    with caplog.at_level(logging.WARNING, logger="returnportal.security"):
        for _ in range(5):
            client.post(
                "/accounts/login/",
                {"username": "clerk", "password": "wrong password!"},
                HTTP_X_FORWARDED_FOR="203.0.113.66",
            )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
    assert "lockout username_digest=" in caplog.text
    assert "ip=203.0.113.66" in caplog.text
    colleague = client.post(
        "/accounts/login/",
        {"username": "clerk", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.77",
    )
    assert colleague.status_code == 302
