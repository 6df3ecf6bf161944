"""The First Contact Point's record: people, cases, every contact, institutions and referrals."""

import uuid
import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models.functions import Coalesce, Greatest, Least, Lower, Trim
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from returnportal.email_address import normalise_email
from returnportal.languages import Language

DEFAULT_TIME_ZONE = "Europe/Warsaw"


def validate_time_zone(value: str) -> None:
    """Accept only IANA zone names the system knows (call-backs are scheduled in them)."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone."),
            code="invalid_time_zone",
            params={"value": value},
        )


class County(models.TextChoices):
    """The powiaty of Świętokrzyskie; Kielce is a city with county rights."""

    BUSKI = "buski", _("Busko (buski)")
    JEDRZEJOWSKI = "jedrzejowski", _("Jędrzejów (jędrzejowski)")
    KAZIMIERSKI = "kazimierski", _("Kazimierza Wielka (kazimierski)")
    KIELECKI = "kielecki", _("Kielce county (kielecki)")
    KONECKI = "konecki", _("Końskie (konecki)")
    OPATOWSKI = "opatowski", _("Opatów (opatowski)")
    OSTROWIECKI = "ostrowiecki", _("Ostrowiec Świętokrzyski (ostrowiecki)")
    PINCZOWSKI = "pinczowski", _("Pińczów (pińczowski)")
    SANDOMIERSKI = "sandomierski", _("Sandomierz (sandomierski)")
    SKARZYSKI = "skarzyski", _("Skarżysko-Kamienna (skarżyski)")
    STARACHOWICKI = "starachowicki", _("Starachowice (starachowicki)")
    STASZOWSKI = "staszowski", _("Staszów (staszowski)")
    WLOSZCZOWSKI = "wloszczowski", _("Włoszczowa (włoszczowski)")
    KIELCE = "kielce", _("City of Kielce")


class Topic(models.TextChoices):
    WORK = "work", _("Work and job offers")
    BUSINESS = "business", _("Own business")
    FUNDING = "funding", _("Funding: grants and loans")
    QUALIFICATIONS = "qualifications", _("Qualifications and their recognition")
    EDUCATION = "education", _("Education and children's schooling")
    HOUSING = "housing", _("Housing")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance and taxes")
    HEALTH = "health", _("Health care")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")
    WEB_FORM = "web_form", _("Web form")


class Direction(models.TextChoices):
    IN = "in", _("Incoming")
    OUT = "out", _("Outgoing")


# People ----------------------------------------------------------------------------------------
# Names more similar than this (pg_trgm, 0 to 1) are listed as likely the same person.
NAME_SIMILARITY = 0.6


class PersonQuerySet(models.QuerySet):
    def active(self) -> "PersonQuerySet":
        """Neither erased nor merged into somebody else."""
        return self.filter(anonymised_at__isnull=True, merged_into__isnull=True)

    def inactive_since(self, before: datetime) -> "PersonQuerySet":
        """People not yet anonymised whose last activity is older than `before`."""
        return self.active().filter(last_activity_at__lt=before)

    def search(self, query: str) -> "PersonQuerySet":
        """Match by name, e-mail or phone digits; indexed by trigrams on PostgreSQL."""
        query = " ".join(query.split())
        if not query:
            return self.none()
        condition = models.Q(name__icontains=query) | models.Q(email__icontains=query)
        digits = "".join(ch for ch in query if ch.isdigit())
        if len(digits) >= 3:
            condition |= models.Q(phone__contains=digits.lstrip("0"))
        return self.active().filter(condition).order_by("name", "pk")

    def likely_duplicates(self) -> models.QuerySet:
        """Rows (person_pk, other_pk, rank, reason) of active people who may be one person.

        Reasons, in `rank` order: a public form flagged one as a possible duplicate of the
        other; the same e-mail, phone or name once normalised (case and spaces). Lower pk
        first; where three or more share one, the lowest and highest pk stand for them.
        One query of GROUP BYs, however many people there are; names that are similar but
        not the same come from `similar_names`.
        """
        active = self.active()

        def pairs(queryset: models.QuerySet, rank: int, reason: str) -> models.QuerySet:
            return (
                queryset.annotate(rank=models.Value(rank), reason=models.Value(reason))
                .values_list("person_pk", "other_pk", "rank", "reason")
                .order_by()
            )

        def sharing(queryset: "PersonQuerySet", key: models.Expression) -> models.QuerySet:
            return (
                queryset.annotate(key=key)
                .values("key")
                .annotate(
                    n=models.Count("pk"), person_pk=models.Min("pk"), other_pk=models.Max("pk")
                )
                .filter(n__gt=1)
            )

        flagged = active.filter(
            possible_duplicate_of__isnull=False,
            possible_duplicate_of__anonymised_at__isnull=True,
            possible_duplicate_of__merged_into__isnull=True,
        ).annotate(
            person_pk=Least("pk", "possible_duplicate_of"),
            other_pk=Greatest("pk", "possible_duplicate_of"),
        )
        # Phone numbers are stored in E.164, so equal numbers are equal strings.
        return (
            pairs(flagged, 1, "flag")
            .union(
                pairs(sharing(active.exclude(email=""), Lower(Trim("email"))), 2, "email"),
                pairs(sharing(active.exclude(phone=""), models.F("phone")), 3, "phone"),
                pairs(sharing(active.exclude(name=""), Lower(Trim("name"))), 4, "name"),
            )
            .order_by("rank", "person_pk", "other_pk")
        )

    def similar_names(self, *, limit: int) -> list[tuple[int, int]]:
        """Pairs (pk, other_pk) of active people whose names are more similar than
        NAME_SIMILARITY (pg_trgm), the closest first; on other databases none.

        Every name against every other would be n² comparisons (half a minute for 5,000
        people, index or not). Only names sharing one word, and the initial of the other,
        are compared: a hash join finds those in one pass, and a typo or a missing
        diacritic in the other word is still found.
        """
        connection = connections[self.db]
        if connection.vendor != "postgresql":
            return []
        people, params = (
            self.active().exclude(name="").values("id", "name").order_by().query.sql_with_params()
        )
        sql = rf"""
            WITH people AS (
                SELECT person.id, person.name,
                       lower(split_part(person.name, ' ', 1)) AS first_word,
                       lower(substring(person.name from '(\S+)\s*$')) AS last_word
                FROM ({people}) AS person
            ), candidates AS (
                SELECT a.id AS person_pk, b.id AS other_pk, similarity(a.name, b.name) AS score
                FROM people a JOIN people b ON a.first_word = b.first_word
                    AND left(a.last_word, 1) = left(b.last_word, 1) AND a.id < b.id
                UNION
                SELECT a.id, b.id, similarity(a.name, b.name)
                FROM people a JOIN people b ON a.last_word = b.last_word
                    AND left(a.first_word, 1) = left(b.first_word, 1) AND a.id < b.id
            )
            SELECT person_pk, other_pk FROM candidates WHERE score > %s
            ORDER BY score DESC, person_pk, other_pk LIMIT %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, NAME_SIMILARITY, limit])
            return [tuple(row) for row in cursor.fetchall()]


class Person(models.Model):
    class Kind(models.TextChoices):
        MIGRANT = "migrant", _("Returning migrant")
        ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
        INSTITUTION = "institution", _("Institution")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True, region="PL")
    language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.POLISH
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MIGRANT)
    country = CountryField(_("country of residence"), blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("Where the person lives now, so that call-backs happen in their day."),
    )
    stay_countries = CountryField(_("countries of stay abroad"), multiple=True, blank=True)
    months_away = models.PositiveSmallIntegerField(_("months away"), null=True, blank=True)
    return_month = models.PositiveSmallIntegerField(
        _("month of return"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    return_year = models.PositiveSmallIntegerField(
        _("year of return"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    home_county = models.CharField(
        _("home county"), max_length=20, choices=County.choices, blank=True
    )
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_channel = models.CharField(
        _("consent channel"), max_length=20, choices=Channel.choices, blank=True
    )
    consent_notice_version = models.CharField(
        _("privacy notice version"), max_length=32, blank=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    # Set when a reply to this address bounced; cleared when the address changes.
    email_undeliverable_at = models.DateTimeField(
        _("e-mail undeliverable since"), null=True, blank=True
    )
    email_undeliverable_reason = models.CharField(
        _("why the e-mail is undeliverable"), max_length=300, blank=True
    )
    # A public form matched this person's phone but not their e-mail: staff decide.
    possible_duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("possible duplicate of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set when staff merged this record into another; everything it held moved there.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_from",
        # Followed forward only (a merged record's page redirects); an index would serve no
        # query and would lead the planner away from the search's trigram indexes.
        db_index=False,
    )
    merged_at = models.DateTimeField(_("merged"), null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "pk"]
        constraints = [
            # People are matched on these, so one address or number means one person.
            models.UniqueConstraint(
                fields=["email"],
                condition=~models.Q(email=""),
                name="contacts_person_unique_email",
                violation_error_message=_("Another person already has this e-mail address."),
            ),
            # A number typed into a public form by somebody else may stand on a second record,
            # flagged as a possible duplicate for staff to merge or tell apart.
            models.UniqueConstraint(
                fields=["phone"],
                condition=~models.Q(phone="") & models.Q(possible_duplicate_of__isnull=True),
                name="contacts_person_unique_phone",
                violation_error_message=_("Another person already has this phone number."),
            ),
            models.CheckConstraint(
                condition=models.Q(return_month__isnull=True)
                | models.Q(return_month__gte=1, return_month__lte=12),
                name="contacts_person_return_month_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["last_activity_at"], name="contacts_person_retention_idx"),
        ]

    def __str__(self) -> str:
        if self.anonymised_at:
            return str(_("Erased person #%(pk)s") % {"pk": self.pk})
        return (
            self.name or self.email or str(self.phone) or str(_("Person #%(pk)s") % {"pk": self.pk})
        )

    def save(self, *args, **kwargs) -> None:
        # Matching relies on one spelling of an address.
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("contacts:person_detail", args=[self.pk])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone or DEFAULT_TIME_ZONE)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)

    def local_now(self) -> datetime:
        """The person's wall-clock time now, for scheduling a call-back."""
        return timezone.now().astimezone(self.zone)

    @property
    def local_clock(self) -> str:
        """The person's local time as HH:MM (a string, so templates do not convert it)."""
        return self.local_now().strftime("%H:%M")

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def has_consent(self) -> bool:
        return self.consent_given_at is not None

    @property
    def email_is_deliverable(self) -> bool:
        return bool(self.email) and self.email_undeliverable_at is None


# Cases -----------------------------------------------------------------------------------------
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
    form_token = models.CharField(max_length=64, blank=True, default="", editable=False)

    history = HistoricalRecords(excluded_fields=["form_token"])
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["form_token"],
                condition=~models.Q(form_token=""),
                name="contacts_case_unique_form_token",
            ),
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
    form_token = models.CharField(max_length=64, blank=True, default="", editable=False)

    history = HistoricalRecords(excluded_fields=["form_token", "quoted_text"])
    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["form_token"],
                condition=~models.Q(form_token=""),
                name="contacts_contact_unique_form_token",
            ),
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


# Institutions and referrals --------------------------------------------------------------------
class InstitutionQuerySet(models.QuerySet):
    def published(self) -> "InstitutionQuerySet":
        return self.filter(is_published=True)

    def in_directory_order(self) -> "InstitutionQuerySet":
        """Grouped by kind in the order of `Institution.Kind`, then by name."""
        order = models.Case(
            *[models.When(kind=code, then=i) for i, code in enumerate(Institution.Kind.values)],
            output_field=models.IntegerField(),
        )
        return self.order_by(order, "name")


class Institution(models.Model):
    class Kind(models.TextChoices):
        REGIONAL_LABOUR_OFFICE = "regional_labour_office", _("Regional labour office")
        COUNTY_LABOUR_OFFICE = "county_labour_office", _("County labour office")
        MARSHAL_OFFICE = "marshal_office", _("Marshal's office (regional government)")
        REGIONAL_DEVELOPMENT = "regional_development", _("Regional development office")
        CHAMBER_OF_COMMERCE = "chamber_of_commerce", _("Chamber of industry and commerce")
        UNIVERSITY = "university", _("University")
        VOLUNTARY_LABOUR_CORPS = "voluntary_labour_corps", _("Voluntary labour corps (OHP)")
        VOCATIONAL_TRAINING = "vocational_training", _("Vocational training centre")
        SOCIAL_INSURANCE = "social_insurance", _("Social insurance office (ZUS)")
        TAX_OFFICE = "tax_office", _("Tax office")
        QUALIFICATION_RECOGNITION = (
            "qualification_recognition",
            _("Recognition of foreign qualifications"),
        )
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    helps_with = models.TextField(_("helps with (Polish)"))
    helps_with_en = models.TextField(_("helps with (English)"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = PhoneNumberField(_("phone"), blank=True, region="PL")
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    county = models.CharField(_("county"), max_length=20, choices=County.choices, blank=True)
    is_published = models.BooleanField(_("shown in the public directory"), default=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"], name="contacts_institution_kind_idx")]

    def __str__(self) -> str:
        return self.name

    def helps_with_in(self, language: str) -> str:
        """The description in `language`, falling back to Polish."""
        if language == Language.ENGLISH and self.helps_with_en:
            return self.helps_with_en
        return self.helps_with


class Referral(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        HELPED = "helped", _("Helped")
        NOT_HELPED = "not_helped", _("Did not help")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="referrals"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    note = models.TextField(_("note"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING
    )
    created_at = models.DateTimeField(_("referred"), default=timezone.now, editable=False)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_at"], name="contacts_referral_created_idx")]

    def __str__(self) -> str:
        return f"{self.case} → {self.institution}"
