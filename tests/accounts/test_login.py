import pytest
from django.core import mail

from returnportal.mail.models import OutgoingEmail
from tests.factories import PASSWORD, StaffUserFactory

pytestmark = pytest.mark.django_db


def test_staff_sign_in_leads_to_the_workspace(client):
    """A clerk signs in with the password and lands on /staff/ with a new session key."""
    user = StaffUserFactory(username="clerk")
    client.get("/accounts/login/")
    before = client.session.session_key
    response = client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.session.session_key != before
    assert int(client.session["_auth_user_id"]) == user.pk


def test_repeated_failures_lock_the_account_out(client):
    """After five wrong passwords even the right one is refused with 429."""
    StaffUserFactory(username="clerk")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "clerk", "password": "wrong password!"})
    response = client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 429
    assert "Zbyt wiele prób logowania" in response.text


def test_password_reset_mail_goes_through_the_outbox(client, django_capture_on_commit_callbacks):
    """The reset link is an outbox row in the page's language and is delivered after commit."""
    StaffUserFactory(username="clerk", email="clerk@re-turn.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/password-reset/", {"email": "clerk@re-turn.example"})
    assert response.status_code == 302
    email = OutgoingEmail.objects.get()
    assert (email.to, email.language, email.status) == ("clerk@re-turn.example", "en", "sent")
    assert "/en/accounts/reset/" in mail.outbox[0].body


def test_unknown_address_gets_the_same_answer_and_no_mail(client):
    """Password reset does not reveal whether an address has an account."""
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert not OutgoingEmail.objects.exists()


def test_an_overlong_user_name_is_a_form_error_not_a_500(client):
    """A 5,000-character user name gets a message; nothing tries to store it."""
    response = client.post("/en/accounts/login/", {"username": "a" * 5000, "password": "x"})
    assert response.status_code == 200
    assert "at most 150 characters" in response.text


def test_a_locked_account_opens_again_after_the_cool_off(client, settings):
    """Once the cool-off has passed, the right password works again."""
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    StaffUserFactory(username="clerk")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "clerk", "password": "wrong password!"})
    assert (
        client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD}).status_code
        == 429
    )
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    response = client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302


def test_a_staff_session_ends_after_30_idle_minutes(client):
    """The session lives 30 minutes and every request starts the 30 minutes again."""
    StaffUserFactory(username="clerk")
    client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD})
    assert client.session.get_expiry_age() == 30 * 60
    from django.conf import settings

    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.parametrize("password", ["Kielce2026!", "123456789012345", "password1234"])
def test_short_common_or_numeric_passwords_are_refused(password):
    """Passwords need 12 characters and pass Django's validators."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_passphrase_is_accepted():
    """A phrase of several words passes every validator."""
    from django.contrib.auth.password_validation import validate_password

    assert validate_password("correct horse battery staple") is None
