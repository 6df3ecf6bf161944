import pytest
from django.contrib.auth.models import Group

from returnportal.accounts.roles import CONTACT_POINT_STAFF, CONTENT_EDITORS, is_contact_point_staff
from tests.factories import UserFactory, editor_user, staff_user, superuser

pytestmark = pytest.mark.django_db


def test_the_data_migration_creates_both_groups():
    """The roles exist after migrate, without anyone clicking in admin."""
    assert set(Group.objects.values_list("name", flat=True)) >= {
        CONTACT_POINT_STAFF,
        CONTENT_EDITORS,
    }


@pytest.mark.parametrize(
    ("make_user", "expected"),
    [(UserFactory, False), (editor_user, False), (staff_user, True), (superuser, True)],
    ids=["no role", "content editor", "contact-point staff", "superuser"],
)
def test_workspace_access_follows_the_role(make_user, expected):
    """Only contact-point staff and superusers may use the staff workspace."""
    assert is_contact_point_staff(make_user()) is expected


@pytest.mark.parametrize(
    ("make_user", "status"),
    [(None, 302), (UserFactory, 403), (editor_user, 403), (staff_user, 200), (superuser, 200)],
    ids=["anonymous", "no role", "content editor", "contact-point staff", "superuser"],
)
def test_staff_workspace_answers_by_role(client, make_user, status):
    """/staff/ sends strangers to sign in and refuses signed-in users without the role."""
    if make_user is not None:
        client.force_login(make_user())
    response = client.get("/staff/")
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("make_user", "perm", "allowed"),
    [
        (staff_user, "mail.view_outgoingemail", True),
        (staff_user, "mail.change_outgoingemail", False),
        (editor_user, "mail.view_outgoingemail", False),
        (superuser, "mail.change_outgoingemail", True),
    ],
)
def test_outbox_permissions_per_role(make_user, perm, allowed):
    """Staff may read the outbox; only superusers may resend; editors see no e-mail at all."""
    assert make_user().has_perm(perm) is allowed


@pytest.mark.parametrize(
    ("make_user", "status"),
    [(editor_user, 403), (superuser, 200)],
    ids=["content editor", "superuser"],
)
def test_outbox_admin_by_role(client, make_user, status):
    """A content editor in admin cannot open the outbox's recipients and texts."""
    client.force_login(make_user())
    assert client.get("/admin/mail/outgoingemail/").status_code == status
