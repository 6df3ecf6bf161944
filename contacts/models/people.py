"""People the First Contact Point hears from, found again by name, e-mail or phone."""

import zoneinfo
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models.functions import Greatest, Least, Lower, Trim
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from contacts.models.choices import Channel, County
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
