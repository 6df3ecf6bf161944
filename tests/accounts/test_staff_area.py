"""Every staff-area URL, found from the resolver: second factor required, never cached.

The URLs come from the same walk and access table as tests/test_access.py, so a new staff view
is covered here the moment it is added there.
"""

import pytest
from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.test_two_factor import current_code
from tests.factories import PASSWORD, EditorUserFactory, StaffUserFactory, SuperuserFactory
from tests.test_access import (
    ACCESS,
    EDITORS,
    SIGNED_IN,
    STAFF,
    STAFF_POST_ONLY,
    path_for,
    url_patterns,
)
from tests.test_access import world as access_world

pytestmark = pytest.mark.django_db

world = access_world  # the fixture: one of everything a URL can point at

SUPERUSER = 3  # the column of tests/test_access.py's table
NOT_GATED = {"two_factor_setup"}  # the second-factor step itself
EXPORT_QUERIES = {  # reports that are exports when asked for CSV or .xlsx
    "contacts:report_monthly": ["?format=csv", "?format=xlsx"],
    "contacts:report_quarterly": ["?format=csv", "?format=xlsx"],
}


def staff_area_paths(world) -> list[tuple[str, str]]:
    """(name, path) of every URL only signed-in people may use, plus each admin model page."""
    found = []
    for name, route in url_patterns():
        if name.startswith("admin:") or name in NOT_GATED:
            continue
        if ACCESS[name] in (STAFF, STAFF_POST_ONLY, EDITORS, SIGNED_IN):
            path = path_for(route, world["kwargs"].get(name, {}))
            found.append((name, path))
            found += [(name, path + query) for query in EXPORT_QUERIES.get(name, [])]
    found.append(("admin:index", "/admin/"))
    for model in admin.site._registry:
        opts = model._meta
        found.append((f"admin:{opts.model_name}", f"/admin/{opts.app_label}/{opts.model_name}/"))
    return found


@pytest.fixture
def two_factor_on(settings):
    settings.REQUIRE_TWO_FACTOR = True


def verified_superuser(client):
    user = SuperuserFactory()
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    client.post("/accounts/two-factor/", {"token": current_code(device), "next": "/staff/"})
    return user


def test_the_walk_covers_the_staff_area(world):
    """The walk is not empty by accident: news preview, password change and exports are in it."""
    names = {name for name, _path in staff_area_paths(world)}
    assert {
        "news:preview",
        "password_change",
        "contacts:case_export",
        "surveys:export",
        "workshops:staff_attendees_csv",
        "workshops:staff_attendees_xlsx",
        "contacts:case_export_xlsx",
        "contacts:person_export_json",
    } <= names
    assert len([n for n in names if not n.startswith("admin:")]) >= 30


@pytest.mark.usefixtures("two_factor_on")
@pytest.mark.parametrize("make_user", [StaffUserFactory, EditorUserFactory, SuperuserFactory])
def test_a_password_alone_opens_no_staff_url(client, world, make_user):
    """A password-only session is sent to the second factor from every staff-area URL."""
    client.force_login(make_user())
    served = []
    for name, path in staff_area_paths(world):
        response = client.get(path)
        location = response.get("Location", "")
        # Admin's own sign-in page sends a password-only session on to the second factor.
        if response.status_code != 403 and not (
            response.status_code == 302
            and location.startswith(("/accounts/two-factor/", "/admin/login/"))
        ):
            served.append(f"{name} {path}: {response.status_code} {location}")
    assert served == [], "\n".join(served)


@pytest.mark.usefixtures("two_factor_on")
def test_a_password_alone_cannot_change_the_password(client):
    """The password-only session of a stolen password cannot lock the real user out."""
    user = SuperuserFactory()
    client.force_login(user)
    response = client.post(
        "/accounts/password-change/",
        {
            "old_password": PASSWORD,
            "new_password1": "An0ther-long-passphrase!",
            "new_password2": "An0ther-long-passphrase!",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.usefixtures("two_factor_on")
def test_a_verified_session_changes_the_password(client):
    """With the second factor given, the same form works."""
    user = verified_superuser(client)
    response = client.post(
        "/accounts/password-change/",
        {
            "old_password": PASSWORD,
            "new_password1": "An0ther-long-passphrase!",
            "new_password2": "An0ther-long-passphrase!",
        },
    )
    assert response["Location"] == "/accounts/password-change/done/"
    user.refresh_from_db()
    assert user.check_password("An0ther-long-passphrase!")


@pytest.mark.usefixtures("two_factor_on")
def test_a_verified_session_is_served_and_nothing_is_cached(client, world):
    """Password and code open every staff-area URL, and no answer may be stored anywhere."""
    verified_superuser(client)
    problems = []
    for name, path in staff_area_paths(world):
        response = client.get(path)
        expected = ACCESS[name][SUPERUSER] if name in ACCESS else 200
        if response.status_code != expected:
            problems.append(f"{name} {path}: {response.status_code}, expected {expected}")
        directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
        if not {"no-store", "private"} <= directives:
            problems.append(f"{name} {path}: Cache-Control {response.get('Cache-Control')!r}")
    assert problems == [], "\n".join(problems)


def test_staff_answers_are_not_cached_without_two_factor_either(client, world):
    """Development settings (2FA off): the staff area still sends no-store, private."""
    client.force_login(SuperuserFactory())
    missing = []
    for name, path in staff_area_paths(world):
        directives = {d.strip() for d in client.get(path).get("Cache-Control", "").split(",")}
        if not {"no-store", "private"} <= directives:
            missing.append(f"{name} {path}")
    assert missing == [], "\n".join(missing)


@pytest.mark.parametrize("signed_in", [False, True])
def test_public_pages_keep_their_own_caching(client, world, signed_in):
    """The rule is the staff area's: public pages are not forced to no-store, even for staff."""
    if signed_in:
        client.force_login(SuperuserFactory())
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    assert "no-store" not in client.get("/workshops/").get("Cache-Control", "")
    assert client.get("/robots.txt")["Cache-Control"] == "max-age=86400, public"
