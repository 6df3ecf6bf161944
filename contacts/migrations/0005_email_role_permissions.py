"""Staff answer e-mail from cases: saved answers, attachments and the mailbox ledger."""

from django.db import migrations

from returnportal.accounts.roles import CONTACT_POINT_STAFF, grant_permissions


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        CONTACT_POINT_STAFF,
        {
            "contacts.replytemplate": ["view", "add", "change", "delete"],
            "contacts.contactattachment": ["view"],
            "contacts.mailboxmessage": ["view"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0004_email_both_ways"),
        ("accounts", "0001_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
