import pytest
from django.contrib.auth.models import Group

from returnportal.accounts.roles import CONTACT_POINT_STAFF, CONTENT_EDITORS, is_contact_point_staff
from tests.factories import EditorUserFactory, StaffUserFactory, SuperuserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_data_migration_creates_both_groups():
    """The roles exist after migrate, without anyone clicking in admin."""
    assert set(Group.objects.values_list("name", flat=True)) >= {
        CONTACT_POINT_STAFF,
        CONTENT_EDITORS,
    }


@pytest.mark.parametrize(
    ("make_user", "expected"),
    [
        (UserFactory, False),
        (EditorUserFactory, False),
        (StaffUserFactory, True),
        (SuperuserFactory, True),
    ],
    ids=["no role", "content editor", "contact-point staff", "superuser"],
)
def test_workspace_access_follows_the_role(make_user, expected):
    """Only contact-point staff and superusers may use the staff workspace."""
    assert is_contact_point_staff(make_user()) is expected


def test_staff_workspace_refuses_a_signed_in_user_without_a_role(client, other_user):
    """/staff/ refuses signed-in users who hold neither role."""
    client.force_login(other_user)
    assert client.get("/staff/").status_code == 403


@pytest.mark.parametrize(
    ("make_user", "perm", "allowed"),
    [
        (StaffUserFactory, "mail.view_outgoingemail", True),
        (StaffUserFactory, "mail.change_outgoingemail", False),
        (EditorUserFactory, "mail.view_outgoingemail", False),
        (SuperuserFactory, "mail.change_outgoingemail", True),
    ],
)
def test_outbox_permissions_per_role(make_user, perm, allowed):
    """Staff may read the outbox; only superusers may resend; editors see no e-mail at all."""
    assert make_user().has_perm(perm) is allowed


# Every group's model permissions, exactly: one row per model in admin (and per model a group
# holds a permission on). (contact-point staff, content editors); "" is no permission at all.
# A permission granted or taken away in a migration fails here until this table says so.
A, C, D, V = "add", "change", "delete", "view"
PERMISSIONS = {
    "auth.group": ("", ""),
    "auth.user": ("", ""),
    "axes.accessattempt": ("", ""),
    "axes.accessfailurelog": ("", ""),
    "axes.accesslog": ("", ""),
    "contacts.case": ({A, C, V}, ""),
    "contacts.casetopic": ({A, C, D, V}, ""),
    "contacts.contact": ({A, C, V}, ""),
    "contacts.contactattachment": ({V}, ""),
    "contacts.institution": ({V}, {A, C, V}),
    "contacts.mailboxmessage": ({V}, ""),
    "contacts.person": ({A, C, V}, ""),
    "contacts.referral": ({A, C, V}, ""),
    "contacts.replytemplate": ({A, C, D, V}, ""),
    "mail.outgoingemail": ({V}, ""),
    "news.article": ("", {A, C, D, V}),
    "otp_totp.totpdevice": ("", ""),
    "pages.accessibilitystatement": ("", {A, C, V}),
    "pages.dailypagevisit": ({V}, {V}),
    "pages.officeinfo": ("", {A, C, V}),
    "pages.page": ("", {A, C, D, V}),
    "pages.privacynotice": ("", {A, C, V}),
    "surveys.answer": ({V}, ""),
    "surveys.option": ({V}, {A, C, D, V}),
    "surveys.question": ({V}, {A, C, D, V}),
    "surveys.response": ({V}, ""),
    "surveys.section": ({V}, {A, C, D, V}),
    "surveys.survey": ({V}, {A, C, D, V}),
    "workshops.interestsubscription": ({V}, ""),
    "workshops.registration": ({A, C, V}, ""),
    "workshops.workshop": ({V}, {A, C, V}),
}
GROUPS = [CONTACT_POINT_STAFF, CONTENT_EDITORS]


def test_the_permission_table_names_every_admin_model():
    """A model added to admin must be decided for every group before this passes."""
    from django.contrib import admin

    registered = {f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry}
    assert registered - set(PERMISSIONS) == set(), "add these admin models to PERMISSIONS"


@pytest.mark.parametrize("column", range(len(GROUPS)), ids=GROUPS)
def test_each_group_holds_exactly_the_permissions_in_the_table(column):
    """The group's permissions, model by model, are the table's: no more and no fewer."""
    group = Group.objects.get(name=GROUPS[column])
    held: dict[str, set[str]] = {}
    for perm in group.permissions.select_related("content_type"):
        label = f"{perm.content_type.app_label}.{perm.content_type.model}"
        held.setdefault(label, set()).add(perm.codename.split("_", 1)[0])
    expected = {label: set(row[column]) for label, row in PERMISSIONS.items() if row[column]}
    wrong = {
        label: {"held": sorted(held.get(label, ())), "table": sorted(expected.get(label, ()))}
        for label in set(held) | set(expected)
        if held.get(label, set()) != expected.get(label, set())
    }
    assert wrong == {}
