from django.db import migrations

from returnportal.accounts.roles import CONTACT_POINT_STAFF, CONTENT_EDITORS, grant_permissions


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        CONTACT_POINT_STAFF,
        {
            f"surveys.{model}": ["view"]
            for model in ("survey", "section", "question", "option", "response", "answer")
        },
    )
    grant_permissions(
        apps,
        CONTENT_EDITORS,
        {
            f"surveys.{model}": ["view", "add", "change", "delete"]
            for model in ("survey", "section", "question", "option")
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("accounts", "0001_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
