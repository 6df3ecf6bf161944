"""The First Contact Point's record: people, cases, every contact, institutions and referrals."""

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

DEFAULT_TIME_ZONE = "Europe/Warsaw"


def validate_time_zone(value: str) -> None:
    """Accept only IANA zone names the system knows (call-backs are scheduled in them)."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone."),
            code="invalid_time_zone",
            params={"value": value},
        )


class Language(models.TextChoices):
    POLISH = "pl", _("Polish")
    ENGLISH = "en", _("English")


class County(models.TextChoices):
    """The powiaty of Świętokrzyskie (REGION.md); Kielce is a city with county rights."""

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
class PersonQuerySet(models.QuerySet):
    def active(self) -> "PersonQuerySet":
        return self.filter(anonymised_at__isnull=True)

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
            models.UniqueConstraint(
                fields=["phone"],
                condition=~models.Q(phone=""),
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
        self.email = (self.email or "").strip().lower()
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
    created_at = models.DateTimeField(_("opened"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
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
        ]

    def __str__(self) -> str:
        return str(_("Case #%(pk)s") % {"pk": self.pk})

    def get_absolute_url(self) -> str:
        return reverse("contacts:case_detail", args=[self.pk])

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
    # A one-time token from the quick-log form, so that a double submit logs one contact.
    form_token = models.CharField(max_length=64, blank=True, default="", editable=False)

    history = HistoricalRecords(excluded_fields=["form_token"])
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
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.occurred_at:%Y-%m-%d %H:%M}"


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
