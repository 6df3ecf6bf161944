"""The outbox: every e-mail the portal sends is first a row here."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmailQuerySet(models.QuerySet):
    def pending(self) -> "OutgoingEmailQuerySet":
        return self.filter(status=OutgoingEmail.Status.PENDING)

    def stalled(self, *, before) -> "OutgoingEmailQuerySet":
        """Pending rows nobody has tried since `before`: their task was lost or never queued."""
        return (
            self.pending()
            .filter(created_at__lt=before)
            .filter(models.Q(last_attempt_at__isnull=True) | models.Q(last_attempt_at__lt=before))
        )


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    to = models.EmailField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=8)
    kind = models.CharField(
        _("kind"), max_length=80, help_text=_("The template the message was written from.")
    )
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    reply_to = models.CharField(_("reply to"), max_length=254, blank=True)
    headers = models.JSONField(
        _("headers"),
        default=dict,
        blank=True,
        help_text=_("Extra headers such as Message-ID, In-Reply-To and Auto-Submitted."),
    )
    attachments = models.JSONField(
        _("attachments"),
        default=list,
        blank=True,
        help_text=_("A list of {filename, mimetype, content} with text content."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    redacted_at = models.DateTimeField(
        _("redacted"),
        null=True,
        blank=True,
        help_text=_("When the personal link the message held was removed from the outbox."),
    )

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="outbox_sweep_idx"),
            models.Index(fields=["to"], name="outbox_recipient_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to} ({self.get_status_display()})"
