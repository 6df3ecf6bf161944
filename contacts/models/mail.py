"""The e-mail side of the case log: saved answers and the ledger of the mailbox import."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models.cases import Contact
from contacts.models.choices import Topic
from returnportal.languages import Language


class ReplyTemplate(models.Model):
    """A saved answer staff start a reply from, per topic and language."""

    name = models.CharField(_("name"), max_length=120)
    topic = models.CharField(
        _("topic"),
        max_length=20,
        choices=Topic.choices,
        blank=True,
        help_text=_("Empty: offered for every topic."),
    )
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(
        _("text"),
        help_text=_("Plain text. {name} is replaced by the person's name."),
    )
    is_active = models.BooleanField(_("offered to staff"), default=True)

    class Meta:
        verbose_name = _("saved answer")
        verbose_name_plural = _("saved answers")
        ordering = ["topic", "name", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "language"], name="contacts_replytemplate_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class MailboxMessage(models.Model):
    """One message read from the office mailbox and what became of it: the import's ledger.

    The mailbox, UIDVALIDITY and UID name a message on the server once; the unique constraint
    makes a second import of it a no-op, so a crash between the commit and the flag on the
    server imports nothing twice.
    """

    class Outcome(models.TextChoices):
        REPLY = "reply", _("Filed on its case")
        NEW_CASE = "new_case", _("Opened a case")
        AUTO_REPLY = "auto_reply", _("Automatic reply, not answered")
        BOUNCE = "bounce", _("Delivery failure")
        BULK = "bulk", _("Bulk mail, not filed")
        LOOP = "loop", _("Our own message, not filed")
        DUPLICATE = "duplicate", _("Already imported")
        REJECTED = "rejected", _("Rejected")

    mailbox = models.CharField(_("mailbox"), max_length=300)
    uidvalidity = models.BigIntegerField(_("UIDVALIDITY"))
    uid = models.BigIntegerField(_("UID"))
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    digest = models.CharField(_("SHA-256 of the message"), max_length=64, blank=True)
    from_address = models.CharField(_("from"), max_length=254, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        verbose_name = _("mailbox message")
        verbose_name_plural = _("mailbox messages")
        ordering = ["-imported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailbox", "uidvalidity", "uid"], name="contacts_mailboxmessage_unique_uid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["message_id", "digest"],
                condition=~models.Q(message_id=""),
                name="contacts_mailbox_msgid_idx",
            ),
            models.Index(fields=["imported_at"], name="contacts_mailbox_imported_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.mailbox} {self.uidvalidity}/{self.uid} ({self.get_outcome_display()})"
