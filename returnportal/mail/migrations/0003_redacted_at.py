"""Record when a row's personal link was removed, and remove those already sent or failed.

The service redacts each row of `OUTBOX_SECRET_KINDS` once sent or failed; the rows written
before it did are redacted here, by the same rule, so that no old link stays readable.
"""

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone, translation
from django.utils.translation import gettext


def redact_done_rows(apps, schema_editor):
    OutgoingEmail = apps.get_model("mail", "OutgoingEmail")
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        note = gettext("— redacted: this e-mail held a personal link —")
    done = OutgoingEmail.objects.exclude(status="pending")
    rows = []
    for email in done.filter(kind__in=settings.OUTBOX_SECRET_KINDS).iterator():
        email.body_text, email.body_html, email.attachments = note, "", []
        email.headers = {k: v for k, v in email.headers.items() if k.lower() == "message-id"}
        email.redacted_at = now
        rows.append(email)
    OutgoingEmail.objects.bulk_update(
        rows, ["body_text", "body_html", "attachments", "headers", "redacted_at"], batch_size=500
    )
    # A failed one's SMTP error may quote the address, so it goes with the address.
    done.filter(kind__in=settings.OUTBOX_FORGET_RECIPIENT_KINDS).exclude(to="").update(
        to="", last_error="", redacted_at=now
    )


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0002_email_both_ways"),
    ]

    operations = [
        migrations.AddField(
            model_name="outgoingemail",
            name="redacted_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the personal link the message held was removed from the outbox.",
                null=True,
                verbose_name="redacted",
            ),
        ),
        migrations.RunPython(redact_done_rows, migrations.RunPython.noop),
    ]
