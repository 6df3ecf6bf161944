"""Create the portal's roles; the apps grant their model permissions in their own migrations."""

from django.db import migrations

from returnportal.accounts.roles import CONTACT_POINT_STAFF, CONTENT_EDITORS, grant_permissions


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in (CONTACT_POINT_STAFF, CONTENT_EDITORS):
        Group.objects.get_or_create(name=name)
    # Staff see the outbox to answer "did my e-mail go out?"; only superusers resend.
    grant_permissions(apps, CONTACT_POINT_STAFF, {"mail.outgoingemail": ["view"]})


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("mail", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
