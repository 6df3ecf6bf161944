import pytest
from django.contrib.auth.models import Group

from returnportal.accounts.roles import CONTACT_POINT_STAFF, CONTENT_EDITORS
from tests.pages.factories import PrivacyNoticeFactory

pytestmark = pytest.mark.django_db


def test_content_editors_keep_pages_but_never_delete_notices():
    """Editors manage pages and add notice versions; no one in the role deletes a notice."""
    codenames = set(
        Group.objects.get(name=CONTENT_EDITORS).permissions.values_list("codename", flat=True)
    )
    assert {"add_page", "change_page", "add_privacynotice", "change_officeinfo"} <= codenames
    assert "change_accessibilitystatement" in codenames
    assert "delete_privacynotice" not in codenames


def test_staff_may_read_visit_counts():
    """Contact-point staff hold the view permission on visit counts."""
    group = Group.objects.get(name=CONTACT_POINT_STAFF)
    assert group.permissions.filter(codename="view_dailypagevisit").exists()


def test_a_published_notice_cannot_be_edited_in_admin(client, editor):
    """Consents point at a published version, so its text is read-only in admin."""
    notice = PrivacyNoticeFactory(version="1.0", body_pl="Stary tekst")
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/privacynotice/{notice.pk}/change/",
        {"version": "1.0", "body_pl": "Nowy tekst", "body_en": "New text"},
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.body_pl == "Stary tekst"


def test_a_draft_notice_can_be_edited(client, editor):
    """A notice not yet published can still be changed."""
    notice = PrivacyNoticeFactory(version="2.0-draft", published_at=None)
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/privacynotice/{notice.pk}/change/",
        {
            "version": "2.0",
            "body_pl": "Nowy tekst",
            "body_en": "New text",
            "published_at_0": "",
            "published_at_1": "",
        },
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.version, notice.body_pl) == ("2.0", "Nowy tekst")
