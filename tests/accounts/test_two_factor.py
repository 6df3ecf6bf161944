import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import StaffUserFactory, SuperuserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.REQUIRE_TWO_FACTOR = True


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.parametrize("path", ["/staff/", "/admin/"])
def test_a_password_alone_reaches_neither_staff_nor_admin(client, path):
    """A session signed in with only a password is sent to the second factor."""
    client.force_login(SuperuserFactory())
    response = client.get(path, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/two-factor/")
    assert response.request["PATH_INFO"].startswith("/accounts/two-factor/")


def test_a_user_without_a_device_sets_one_up_and_gets_in(client):
    """First sign-in: the QR page makes a device, its first code confirms it and opens /staff/."""
    user = StaffUserFactory()
    client.force_login(user)
    assert client.get("/accounts/two-factor/?next=/staff/")["Location"].startswith(
        "/accounts/two-factor/setup/"
    )
    page = client.get("/accounts/two-factor/setup/?next=/staff/")
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.text
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(
        "/accounts/two-factor/setup/", {"token": current_code(device), "next": "/staff/"}
    )
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_code_is_refused_with_a_message(client):
    """A wrong code keeps the user out and says why."""
    user = StaffUserFactory()
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    response = client.post("/en/accounts/two-factor/", {"token": "000000", "next": "/staff/"})
    assert response.status_code == 200
    assert "This code is not valid" in response.text
    assert client.get("/staff/").status_code == 302


def test_a_verified_administrator_reaches_admin(client):
    """Password plus a valid code opens Django admin."""
    user = SuperuserFactory()
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    client.post("/accounts/two-factor/", {"token": current_code(device), "next": "/admin/"})
    assert client.get("/admin/").status_code == 200


def test_the_next_parameter_cannot_leave_the_site(client):
    """An outside address in next is ignored after verification."""
    user = StaffUserFactory()
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    response = client.post(
        "/accounts/two-factor/", {"token": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/staff/"


def test_admin_sign_in_with_a_password_goes_on_to_the_second_factor(client):
    """Admin's own sign-in page opens; a password alone leads to the code, not into admin."""
    from tests.factories import PASSWORD

    SuperuserFactory(username="boss")
    assert client.get("/admin/login/").status_code == 200
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "boss", "password": PASSWORD}, follow=True
    )
    assert response.request["PATH_INFO"].startswith("/accounts/two-factor/")
