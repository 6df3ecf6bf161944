"""Responses get a random key of their own instead of the token of the draft they came from.

The draft's token was also in the resume e-mail, whose outbox row names the address, so each
stored response is given a fresh key: the old tokens then lead to no answers.
"""

import secrets

from django.db import migrations, models

import surveys.models


def rekey_responses(apps, schema_editor):
    Response = apps.get_model("surveys", "Response")
    batch = []
    for response in Response.objects.only("pk").iterator(chunk_size=1000):
        response.submission_token = secrets.token_urlsafe(24)
        batch.append(response)
        if len(batch) == 1000:
            Response.objects.bulk_update(batch, ["submission_token"])
            batch = []
    Response.objects.bulk_update(batch, ["submission_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0003_response_person"),
    ]

    operations = [
        migrations.AlterField(
            model_name="response",
            name="submission_token",
            field=models.CharField(
                default=surveys.models.response_key, editable=False, max_length=64, unique=True
            ),
        ),
        # Going back keeps the new keys: the old tokens must not return.
        migrations.RunPython(rekey_responses, migrations.RunPython.noop, elidable=True),
    ]
