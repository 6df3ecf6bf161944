import logging

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import free_port
from tests.factories import PASSWORD, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/?q=%00", "/en/?page=1%00", "/accounts/login/%00/", "/admin/?q=%00"]
)
def test_a_nul_byte_is_a_400_not_a_500(client, path):
    """NUL in a path or query string is refused before it reaches the database."""
    response = client.get(path)
    assert response.status_code == 400


def test_an_oversized_post_is_refused_with_400(client):
    """A 3 MB body is over Django's limit and answers 400."""
    response = client.post("/accounts/login/", {"username": "x", "password": "y" * 3_000_000})
    assert response.status_code == 400


def test_too_many_fields_are_refused_with_400(client):
    """1,001 form fields are over the limit and answer 400."""
    response = client.post("/accounts/login/", {f"f{i}": "1" for i in range(1001)})
    assert response.status_code == 400


def test_security_events_are_logged_without_secrets(client, caplog):
    """Sign-in failure and success are logged with no password and no user name."""
    StaffUserFactory(username="clerk.kowalska")
    with caplog.at_level(logging.INFO, logger="returnportal.security"):
        client.post("/accounts/login/", {"username": "clerk.kowalska", "password": "wrong-pass-1"})
        client.post("/accounts/login/", {"username": "clerk.kowalska", "password": PASSWORD})
    text = caplog.text
    assert "login_failed" in text
    assert "login user=" in text
    assert "clerk.kowalska" not in text
    assert PASSWORD not in text
    assert "wrong-pass-1" not in text


def test_a_refusal_is_logged(client, caplog):
    """A 403 is logged with the user id and path only."""
    user = UserFactory()
    client.force_login(user)
    with caplog.at_level(logging.WARNING, logger="returnportal.security"):
        assert client.get("/staff/").status_code == 403
    assert f"permission_denied user={user.pk} path=/staff/" in caplog.text


@pytest.fixture
def signed_in_client(client, services, transactional_db):
    client.force_login(StaffUserFactory())
    return client


@pytest.fixture
def database_unreachable(services, transactional_db, signed_in_client):
    """Point the default connection at a closed port, as if PostgreSQL were away."""
    saved = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = free_port()
    yield
    connection.close()
    connection.settings_dict["PORT"] = saved


def test_pages_answer_503_while_the_database_is_away(signed_in_client, database_unreachable):
    """With PostgreSQL unreachable, a page answers a clear 503 and /healthz names the database."""
    client = signed_in_client
    client.raise_request_exception = False
    response = client.get("/staff/")
    assert response.status_code == 503
    assert "chwilowo niedostępny" in response.text
    health = Client().get("/healthz")  # a load balancer sends no session cookie
    assert health.status_code == 503
    assert health.json()["checks"]["database"] == "unavailable"  # the error is only logged
