"""Give the roles what their work needs in the contact point's records."""

from django.db import migrations

from returnportal.accounts.roles import CONTACT_POINT_STAFF, CONTENT_EDITORS, grant_permissions


def grant(apps, schema_editor):
    staff_can = ["view", "add", "change"]
    grant_permissions(
        apps,
        CONTACT_POINT_STAFF,
        {
            "contacts.person": staff_can,
            "contacts.case": staff_can,
            # A case's topics are rows of their own; the admin edits them inline with the case.
            "contacts.casetopic": ["view", "add", "change", "delete"],
            "contacts.contact": staff_can,
            "contacts.referral": staff_can,
            "contacts.institution": ["view"],
        },
    )
    grant_permissions(apps, CONTENT_EDITORS, {"contacts.institution": ["view", "add", "change"]})


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0002_person_search_trigram"),
        ("accounts", "0001_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
