"""One-click unsubscribe (RFC 8058) from interest-list e-mails and reminders; links ask first."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from tests.workshops.factories import (
    InterestSubscriptionFactory,
    RegistrationFactory,
    WorkshopFactory,
)
from workshops import services
from workshops.models import InterestSubscription, Registration

pytestmark = pytest.mark.django_db

ONE_CLICK = "List-Unsubscribe=One-Click"


def one_click(url: str, body: str = ONE_CLICK, **kwargs):
    """What a mailbox provider sends: a bare form POST, no cookie, no CSRF token."""
    return Client(enforce_csrf_checks=True).post(
        urlsplit(url).path, body, content_type="application/x-www-form-urlencoded", **kwargs
    )


def unsubscribe_url(message) -> str:
    """The single URL in the message's List-Unsubscribe header."""
    header = str(message["List-Unsubscribe"]).strip()  # a long URL is folded onto a new line
    assert header.startswith("<") and header.endswith(">")
    return header[1:-1]


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://portal.example"
    return settings.SITE_URL


@pytest.fixture
def invitation(site_url, smtp_sink, django_capture_on_commit_callbacks):
    """An invitation for a new workshop, received over SMTP by a subscriber writing English."""
    subscription = InterestSubscriptionFactory(language="en", topic="funding")
    with django_capture_on_commit_callbacks(execute=True):
        services.workshop_publish(workshop=WorkshopFactory(status="draft", topic="funding"))
    (message,) = smtp_sink.wait_for(1)
    return subscription, message


@pytest.fixture
def reminder(site_url, smtp_sink, django_capture_on_commit_callbacks):
    """A reminder for tomorrow's workshop, received over SMTP."""
    soon = WorkshopFactory(starts_at=timezone.localtime() + timedelta(days=1))
    registration = RegistrationFactory(workshop=soon, email="ewa@example.org", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_send_reminders()
    (message,) = smtp_sink.wait_for(1)
    return registration, message


@pytest.mark.parametrize("kind", ["invitation", "reminder"])
def test_bulk_mail_carries_the_one_click_headers(kind, request):
    """Invitations and reminders name an absolute https one-click URL and allow its POST."""
    _obj, message = request.getfixturevalue(kind)
    url = unsubscribe_url(message)
    assert url.startswith("https://portal.example/en/workshops/")
    assert url.endswith("/one-click/")
    assert message["List-Unsubscribe-Post"] == ONE_CLICK


def test_the_subscription_confirmation_carries_the_headers_too(
    site_url, smtp_sink, django_capture_on_commit_callbacks
):
    """The "you are on the list" e-mail can be unsubscribed from the mail client as well."""
    with django_capture_on_commit_callbacks(execute=True):
        services.interest_subscribe(
            email="fan@example.org", topic="skills", audience="both", language="pl"
        )
    (message,) = smtp_sink.wait_for(1)
    assert unsubscribe_url(message).startswith("https://portal.example/workshops/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == ONE_CLICK


def test_one_click_post_unsubscribes_without_a_csrf_token_and_is_idempotent(invitation):
    """A bare POST to the header's URL takes the address off the list; a second changes nothing."""
    subscription, message = invitation
    response = one_click(unsubscribe_url(message))
    assert response.status_code == 204
    subscription.refresh_from_db()
    first = subscription.unsubscribed_at
    assert first is not None
    assert one_click(unsubscribe_url(message)).status_code == 204
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at == first


def test_one_click_post_turns_reminders_off_for_the_address(
    reminder, django_capture_on_commit_callbacks
):
    """After one click in a reminder, the same address gets no reminder for its next workshop."""
    registration, message = reminder
    assert one_click(unsubscribe_url(message)).status_code == 204
    assert one_click(unsubscribe_url(message)).status_code == 204
    registration.refresh_from_db()
    assert registration.reminders_off_at is not None
    later = WorkshopFactory(starts_at=timezone.localtime() + timedelta(days=1))
    other = RegistrationFactory(workshop=later, email="ewa@example.org")
    RegistrationFactory(workshop=later, email="someone@example.org")
    assert services.registration_send_reminders() == 1
    other.refresh_from_db()
    assert other.reminded_at is None


def test_a_multipart_one_click_post_works_too():
    """RFC 8058 allows the body as multipart/form-data."""
    subscription = InterestSubscriptionFactory()
    response = Client(enforce_csrf_checks=True).post(
        f"/workshops/unsubscribe/{subscription.token}/one-click/",
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 204
    assert InterestSubscription.objects.get(pk=subscription.pk).unsubscribed_at is not None


def test_a_post_without_the_one_click_body_changes_nothing():
    """Only RFC 8058's body unsubscribes: any other POST to the URL is a 400."""
    subscription = InterestSubscriptionFactory()
    url = f"/workshops/unsubscribe/{subscription.token}/one-click/"
    assert one_click(url, body="").status_code == 400
    assert one_click(url, body="List-Unsubscribe=Yes").status_code == 400
    assert InterestSubscription.objects.get(pk=subscription.pk).unsubscribed_at is None


@pytest.mark.parametrize("kind", ["invitation", "reminder"])
def test_a_forged_or_changed_token_is_not_found(kind, request):
    """A token that is not ours, or ours with a character changed, unsubscribes nobody."""
    _obj, message = request.getfixturevalue(kind)
    url = urlsplit(unsubscribe_url(message)).path
    token = url.rstrip("/").split("/")[-2]
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert one_click(url.replace(token, changed)).status_code == 404
    assert one_click(url.replace(token, "forged")).status_code == 404
    assert Client().get(url.replace(token, changed).removesuffix("one-click/")).status_code == 404
    assert not InterestSubscription.objects.filter(unsubscribed_at__isnull=False).exists()
    assert not Registration.objects.filter(reminders_off_at__isnull=False).exists()


@pytest.mark.parametrize("kind", ["invitation", "reminder"])
def test_opening_the_links_changes_nothing(kind, request, client):
    """A GET of the link in the body, or of the header's URL, shows a button and unsubscribes nobody."""
    _obj, message = request.getfixturevalue(kind)
    url = urlsplit(unsubscribe_url(message)).path
    page = url.removesuffix("one-click/")
    assert page in message.get_body(("plain",)).get_content()
    assert client.get(url).status_code == 302
    response = client.get(page)
    assert response.status_code == 200
    assert b'<form method="post">' in response.content
    assert b"csrfmiddlewaretoken" in response.content
    assert not InterestSubscription.objects.filter(unsubscribed_at__isnull=False).exists()
    assert not Registration.objects.filter(reminders_off_at__isnull=False).exists()


def test_the_button_unsubscribes_and_offers_to_subscribe_again(client):
    """Posting the page's form unsubscribes; the page then offers the way back, which works."""
    subscription = InterestSubscriptionFactory(email="fan@example.org")
    page = f"/en/workshops/unsubscribe/{subscription.token}/"
    response = client.post(page, follow=True)
    assert "You are unsubscribed" in response.text
    assert f"/en/workshops/unsubscribe/{subscription.token}/resubscribe/" in response.text
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    client.post(f"{page}resubscribe/")
    assert InterestSubscription.objects.active().filter(email="fan@example.org").exists()


def test_the_unsubscribe_button_needs_the_pages_csrf_token():
    """The page's own form is protected: only the header's one-click URL is exempt."""
    subscription = InterestSubscriptionFactory()
    response = Client(enforce_csrf_checks=True).post(
        f"/workshops/unsubscribe/{subscription.token}/"
    )
    assert response.status_code == 403
    assert InterestSubscription.objects.get(pk=subscription.pk).unsubscribed_at is None


def test_the_reminders_button_turns_reminders_off(client):
    """Posting the reminders page's form turns reminders off and says so."""
    registration = RegistrationFactory()
    page = f"/en/workshops/reminders-off/{services.reminders_off_token(registration)}/"
    response = client.post(page, follow=True)
    assert "Reminders are off" in response.text
    registration.refresh_from_db()
    assert registration.reminders_off_at is not None


def test_turning_reminders_off_touches_only_that_registration_and_keeps_the_first_time():
    mine, other = RegistrationFactory(), RegistrationFactory()
    services.reminders_turn_off(registration=mine)
    first = Registration.objects.get(pk=mine.pk).reminders_off_at
    services.reminders_turn_off(registration=mine)
    assert first is not None
    assert Registration.objects.get(pk=mine.pk).reminders_off_at == first
    assert Registration.objects.get(pk=other.pk).reminders_off_at is None


def test_an_erased_registrations_reminder_link_finds_nothing():
    registration = RegistrationFactory()
    token = services.reminders_off_token(registration)
    assert services.registration_for_reminders_off(token) == registration
    services.registrations_erase(registrations=Registration.objects.filter(pk=registration.pk))
    assert services.registration_for_reminders_off(token) is None
