"""Content editors write and publish news."""

from django.db import migrations

from returnportal.accounts.roles import CONTENT_EDITORS, grant_permissions


def grant(apps, schema_editor):
    grant_permissions(apps, CONTENT_EDITORS, {"news.article": ["view", "add", "change", "delete"]})


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("accounts", "0001_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
