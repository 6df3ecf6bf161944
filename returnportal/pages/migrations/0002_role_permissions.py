"""Content editors keep the pages, notices and office information; staff read the visit counts."""

from django.db import migrations

from returnportal.accounts.roles import CONTACT_POINT_STAFF, CONTENT_EDITORS, grant_permissions


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        CONTENT_EDITORS,
        {
            "pages.page": ["view", "add", "change", "delete"],
            # Published notices are what consents point at: editors add versions, never delete.
            "pages.privacynotice": ["view", "add", "change"],
            "pages.officeinfo": ["view", "add", "change"],
            "pages.accessibilitystatement": ["view", "add", "change"],
            "pages.dailypagevisit": ["view"],
        },
    )
    grant_permissions(apps, CONTACT_POINT_STAFF, {"pages.dailypagevisit": ["view"]})


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("accounts", "0001_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
