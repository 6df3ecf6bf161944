"""Public forms answer 429 past their rate, whatever X-Forwarded-For claims."""

import pytest

from returnportal.form_tokens import new_form_token
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def contact_post(client, n: int, forwarded: str | None = None):
    return client.post(
        "/en/contact/",
        {
            "name": "Ewa",
            "email": f"ewa{n}@example.com",
            "language": "en",
            "topic": "work",
            "message": "Do you know of jobs in Kielce?",
            "consent": "on",
            "form_token": new_form_token(),
        },
        HTTP_X_FORWARDED_FOR=forwarded or f"203.0.113.{n}",
    )


def test_the_contact_form_limits_a_client_even_with_forged_forwarded_for(client, settings):
    """Five questions an hour per client; a new X-Forwarded-For each time does not reset it."""
    settings.CONTACTS_FORM_RATE = "5/h"
    answers = [contact_post(client, n).status_code for n in range(6)]
    assert answers[:5] == [302] * 5
    assert answers[5] == 429
    limited = contact_post(client, 99)
    assert limited.status_code == 429
    assert "Too many" in limited.text or "too many" in limited.text


@pytest.mark.parametrize(
    ("path_of", "limit"),
    [(lambda w: f"/workshops/{w.slug}/register/", 20), (lambda w: "/workshops/interest/", 10)],
    ids=["registration", "interest list"],
)
def test_workshop_forms_answer_429_past_their_rate(client, path_of, limit):
    """Past its rate a workshop form answers 429 with a page that offers the hotline."""
    path = path_of(WorkshopFactory())
    answers = [
        client.post(path, {}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(limit + 1)
    ]
    assert 429 not in answers[:limit]
    assert answers[limit] == 429


def test_rate_limit_hits_and_csrf_failures_are_logged(client, caplog, settings):
    """Both security events reach the security log, with the path and no form data."""
    import logging

    from django.test import Client

    settings.CONTACTS_FORM_RATE = "1/h"
    with caplog.at_level(logging.WARNING, logger="returnportal.security"):
        contact_post(client, 1)
        contact_post(client, 2)
        Client(enforce_csrf_checks=True).post("/en/contact/", {"message": "secret question"})
    assert "rate_limited path=/en/contact/" in caplog.text
    assert "csrf_failure path=/en/contact/" in caplog.text
    assert "secret question" not in caplog.text
