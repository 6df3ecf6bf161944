"""Cases and every contact on them (calls, visits, e-mails) with the e-mails' attachments."""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models.choices import Channel, Direction, Topic
from contacts.models.people import Person
from returnportal.form_tokens import form_token_column, unique_form_token


class CaseQuerySet(models.QuerySet):
    def open(self) -> "CaseQuerySet":
        return self.exclude(status=Case.Status.CLOSED)

    def follow_ups_due(self, *, user, on) -> "CaseQuerySet":
        """Not closed cases of `user`, or of nobody yet, whose follow-up is `on` or earlier."""
        return (
            self.open()
            .filter(models.Q(assignee=user) | models.Q(assignee__isnull=True))
            .filter(follow_up_on__lte=on)
            .select_related("person")
            .prefetch_related("topic_links")
            .order_by("follow_up_on", "pk")
        )

    def awaiting_answer(self) -> "CaseQuerySet":
        """Open cases whose written question nobody has answered yet, oldest first."""
        return (
            self.open()
            .filter(awaiting_answer_since__isnull=False)
            .select_related("person")
            .order_by("awaiting_answer_since", "pk")
        )

    def with_list_data(self) -> "CaseQuerySet":
        """Everything a case row shows, in a fixed number of queries.

        Correlated subqueries rather than a GROUP BY over all contacts, so that a page of
        25 cases costs 25 index lookups however many contacts there are.
        """
        contacts = Contact.objects.filter(case=models.OuterRef("pk")).order_by()
        return (
            self.select_related("person", "assignee")
            .prefetch_related("topic_links")
            .annotate(
                contact_count=Coalesce(
                    models.Subquery(
                        contacts.values("case").annotate(n=models.Count("pk")).values("n")
                    ),
                    0,
                ),
                last_contact_at=models.Subquery(
                    contacts.order_by("-occurred_at").values("occurred_at")[:1]
                ),
            )
        )


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        WAITING = "waiting", _("Waiting")
        CLOSED = "closed", _("Closed")

    class Flag(models.TextChoices):
        NEW_QUESTION = "new_question", _("New question by e-mail")
        UNVERIFIED_REFERENCE = "unverified_reference", _("Names a case of somebody else")

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        help_text=_("Empty for an anonymous caller."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    flag = models.CharField(_("flag for staff"), max_length=24, choices=Flag.choices, blank=True)
    created_at = models.DateTimeField(_("opened"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # A written question (web form, e-mail) starts the answer clock; any answer stops it.
    awaiting_answer_since = models.DateTimeField(
        _("waiting for an answer since"), null=True, blank=True
    )
    answer_due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    # The first question's deadline and answer, kept for the answer-time reports.
    first_answer_due_at = models.DateTimeField(
        _("first answer due"), null=True, blank=True, editable=False
    )
    first_answered_at = models.DateTimeField(
        _("first answered"), null=True, blank=True, editable=False
    )
    # A one-time token from the public form, so that a double submit opens one case.
    form_token = form_token_column()

    history = HistoricalRecords(excluded_fields=["form_token"])
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-pk"]
        constraints = [
            unique_form_token(name="contacts_case_unique_form_token"),
        ]
        indexes = [
            models.Index(
                fields=["assignee", "status", "follow_up_on"], name="contacts_case_followup_idx"
            ),
            models.Index(fields=["status", "created_at"], name="contacts_case_status_idx"),
            models.Index(fields=["created_at"], name="contacts_case_created_idx"),
            models.Index(
                fields=["awaiting_answer_since"],
                condition=models.Q(awaiting_answer_since__isnull=False),
                name="contacts_case_awaiting_idx",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Case #%(pk)s") % {"pk": self.pk})

    def get_absolute_url(self) -> str:
        return reverse("contacts:case_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """The tag replies carry in their subject, so that answers find their way back."""
        return f"[{settings.CASE_REFERENCE_PREFIX}-{self.pk}]"

    @property
    def answer_overdue(self) -> bool:
        return self.answer_due_at is not None and self.answer_due_at < timezone.now()

    @property
    def topics(self) -> list[str]:
        """Topic codes in the order of Topic (uses a prefetched `topic_links`)."""
        codes = {link.topic for link in self.topic_links.all()}
        return [code for code in Topic.values if code in codes]

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [labels[code] for code in self.topics]

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class CaseTopic(models.Model):
    """One topic of a case (a plain table, so filters and reports work on any database)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="topic_links")
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)

    class Meta:
        verbose_name = _("case topic")
        verbose_name_plural = _("case topics")
        constraints = [
            models.UniqueConstraint(fields=["case", "topic"], name="contacts_casetopic_unique"),
            models.CheckConstraint(
                condition=models.Q(topic__in=Topic.values), name="contacts_casetopic_known"
            ),
        ]
        indexes = [models.Index(fields=["topic", "case"], name="contacts_casetopic_topic_idx")]

    def __str__(self) -> str:
        return self.get_topic_display()


# Contacts --------------------------------------------------------------------------------------
class ContactQuerySet(models.QuerySet):
    def on_day(self, day) -> "ContactQuerySet":
        """Contacts on a calendar day of the portal's time zone."""
        start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
        return self.filter(occurred_at__gte=start, occurred_at__lt=start + timedelta(days=1))


class Contact(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="contacts"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.IN
    )
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    summary = models.TextField(_("summary"), blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logged_contacts",
    )
    # E-mail entries: the address it came from or went to, its subject, its Message-ID (so
    # that answers thread back) and the folded quoted history of an incoming message.
    email_address = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True, editable=False)
    quoted_text = models.TextField(_("quoted history"), blank=True, editable=False)
    outgoing_email = models.ForeignKey(
        "mail.OutgoingEmail",
        verbose_name=_("outbox message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # A one-time token from the quick-log form, so that a double submit logs one contact.
    form_token = form_token_column()

    history = HistoricalRecords(excluded_fields=["form_token", "quoted_text"])
    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            unique_form_token(name="contacts_contact_unique_form_token"),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values),
                name="contacts_contact_channel_known",
            ),
            models.CheckConstraint(
                condition=models.Q(direction__in=Direction.values),
                name="contacts_contact_direction_known",
            ),
        ]
        indexes = [
            models.Index(fields=["occurred_at", "channel"], name="contacts_contact_report_idx"),
            models.Index(fields=["case", "occurred_at"], name="contacts_contact_case_idx"),
            models.Index(
                fields=["message_id"],
                condition=~models.Q(message_id=""),
                name="contacts_contact_msgid_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.occurred_at:%Y-%m-%d %H:%M}"


def attachment_path(instance: "ContactAttachment", filename: str) -> str:
    # A random name on disk: the stored name is never the sender's, which could be anything.
    return f"mail/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class ContactAttachment(models.Model):
    """A file that came with an e-mail; staff download it, it is never shown inline."""

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("contacts:attachment_download", args=[self.pk])
