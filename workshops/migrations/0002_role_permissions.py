from django.db import migrations

from returnportal.accounts.roles import CONTACT_POINT_STAFF, CONTENT_EDITORS, grant_permissions


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        CONTENT_EDITORS,
        {"workshops.workshop": ["add", "change", "view"]},
    )
    grant_permissions(
        apps,
        CONTACT_POINT_STAFF,
        {
            "workshops.workshop": ["view"],
            "workshops.registration": ["view", "add", "change"],
            "workshops.interestsubscription": ["view"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0001_initial"),
        ("accounts", "0001_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
