"""Workshops, the people registered for them, and lists of people waiting for a topic."""

import enum
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from workshops.choices import Audience, WorkshopTopic
from workshops.querysets import InterestQuerySet, RegistrationQuerySet, WorkshopQuerySet


def new_token() -> str:
    """An unguessable token for links in e-mails (192 random bits)."""
    return secrets.token_urlsafe(24)


# Paths under /workshops/ that are not workshops.
RESERVED_SLUGS = ["archive", "interest", "unsubscribe"]


class Workshop(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    class Closure(enum.StrEnum):
        """Why nobody may register now (computed, not stored); the values are error codes."""

        CANCELLED = "cancelled"
        DRAFT = "not_open"
        CLOSED = "closed"
        NOT_YET_OPEN = "not_yet_open"

    class State(models.TextChoices):
        """What a visitor may do right now (computed, not stored)."""

        OPEN = "open", _("Registration open")
        WAITING_LIST = "waiting_list", _("Full: join the waiting list")
        FULL = "full", _("Full")
        NOT_YET_OPEN = "not_yet_open", _("Registration not open yet")
        CLOSED = "closed", _("Registration closed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    topic = models.CharField(_("topic"), max_length=30, choices=WorkshopTopic.choices)
    description = models.TextField(_("description"))
    language = models.CharField(
        _("language of the workshop"), max_length=8, choices=settings.LANGUAGES, default="pl"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(
        _("venue address"), max_length=300, blank=True, help_text=_("Leave empty if online.")
    )
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Sent to registered people only; leave empty for a workshop on site."),
    )
    capacity = models.PositiveIntegerField(_("seats"))
    has_waiting_list = models.BooleanField(_("keep a waiting list"), default=True)
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: open at once.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: at the start.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    organiser_name = models.CharField(_("organiser"), max_length=200)
    organiser_email = models.EmailField(_("organiser's e-mail"))
    organiser_phone = models.CharField(_("organiser's phone"), max_length=40, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="workshop_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="workshop_capacity_positive"),
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_SLUGS),
                name="workshop_slug_not_reserved",
                violation_error_message=_("This address is used by the site; choose another."),
            ),
            models.CheckConstraint(
                condition=~Q(venue="") | ~Q(online_url=""), name="workshop_has_place"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="workshop_registration_window",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="workshop_listing_idx"),
            models.Index(fields=["status", "topic", "audience"], name="workshop_interest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("workshops:detail", kwargs={"slug": self.slug})

    @property
    def is_online(self) -> bool:
        return not self.venue

    @property
    def closes_at(self):
        return self.registration_closes_at or self.starts_at

    @property
    def seats_left(self) -> int:
        taken = getattr(self, "seats_taken", None)
        if taken is None:
            taken = self.registrations.taking_seats().count()
        return max(self.capacity - taken, 0)

    def registration_closure(
        self, now=None, *, by_staff: bool = False
    ) -> "Workshop.Closure | None":
        """Why one may not register now, or None when one may (if a seat or the queue allows).

        The one rule for the pages (`state`) and the registration services. Staff may still
        register someone after registration has closed, until the workshop ends.
        """
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return self.Closure.CANCELLED
        if self.status != self.Status.PUBLISHED:
            return self.Closure.DRAFT
        if now >= self.ends_at or (not by_staff and now >= self.closes_at):
            return self.Closure.CLOSED
        if not by_staff and self.registration_opens_at and now < self.registration_opens_at:
            return self.Closure.NOT_YET_OPEN
        return None

    def state(self, now=None) -> "Workshop.State":
        """What a visitor may do now; needs `seats_taken` (see `with_seats`) or one query."""
        closure = self.registration_closure(now)
        if closure == self.Closure.CANCELLED:
            return self.State.CANCELLED
        if closure == self.Closure.NOT_YET_OPEN:
            return self.State.NOT_YET_OPEN
        if closure is not None:
            return self.State.CLOSED
        if self.seats_left > 0:
            return self.State.OPEN
        return self.State.WAITING_LIST if self.has_waiting_list else self.State.FULL

    @property
    def current_state(self) -> "Workshop.State":
        return self.state()

    @property
    def accepts_registrations(self) -> bool:
        return self.state() in (self.State.OPEN, self.State.WAITING_LIST)


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        # A public registration until its e-mailed link is opened; not an attendee.
        PENDING = "pending", _("Awaiting confirmation")
        # A hold not confirmed in time (WORKSHOP_HOLD_MINUTES); its seat went back.
        EXPIRED = "expired", _("Not confirmed in time")

    class ParticipantType(models.TextChoices):
        MIGRANT = "migrant", _("I am coming back (or came back) from abroad")
        ENTREPRENEUR = "entrepreneur", _("I run a business or hire people")
        OTHER = "other", _("Other (e.g. an institution or family member)")

    ACTIVE = (Status.CONFIRMED, Status.WAITING)
    # One of these per e-mail and workshop: a pending hold blocks a second one too.
    CLAIMING = (Status.CONFIRMED, Status.WAITING, Status.PENDING)

    workshop = models.ForeignKey(
        Workshop, models.PROTECT, related_name="registrations", verbose_name=_("workshop")
    )
    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = PhoneNumberField(_("phone"), blank=True)
    participant_type = models.CharField(
        _("who are you?"), max_length=20, choices=ParticipantType.choices
    )
    company = models.CharField(_("company"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    country = CountryField(_("country you come back from"), blank=True)
    needs = models.TextField(_("accessibility or other needs"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    hold_expires_at = models.DateTimeField(
        _("confirmation due by"), null=True, blank=True, editable=False
    )
    # Whether a pending registration reserves a seat (a seat was free when it was made);
    # one made when the workshop was full goes to the waiting list once confirmed.
    holds_seat = models.BooleanField(_("holds a seat"), default=False, editable=False)
    confirmed_at = models.DateTimeField(
        _("e-mail confirmed"), null=True, blank=True, editable=False
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    consent_notice_version = models.CharField(_("privacy notice version"), max_length=40)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by staff member"),
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    promoted_at = models.DateTimeField(_("promoted from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # Set when staff cancelled it: only such a cancellation can be undone (for a while),
    # back to the status it had (`status_before_cancel`) if the seat is still free.
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by staff member"),
        editable=False,
    )
    status_before_cancel = models.CharField(
        _("status before cancelling"), max_length=10, blank=True, editable=False
    )
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    # Set from the reminder's unsubscribe link: no more reminders to this address.
    reminders_off_at = models.DateTimeField(
        _("reminders turned off"), null=True, blank=True, editable=False
    )
    erased_at = models.DateTimeField(
        _("personal data erased"), null=True, blank=True, editable=False
    )
    # The contact log's record of the same person (matched on e-mail), for their timeline.
    person = models.ForeignKey(
        "contacts.Person",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_registrations",
        verbose_name=_("person in the contact log"),
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "email"],
                condition=Q(status__in=["confirmed", "waiting", "pending"]),
                name="registration_one_active_per_email",
            ),
            models.CheckConstraint(
                condition=~Q(status="pending") | Q(hold_expires_at__isnull=False),
                name="registration_pending_has_deadline",
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_at__isnull=False)
                | (~Q(status="cancelled") & Q(cancelled_at__isnull=True)),
                name="registration_cancelled_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["workshop", "status", "created_at"], name="registration_queue_idx"
            ),
            models.Index(fields=["email"], name="registration_email_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> — {self.workshop.title}"

    def get_absolute_url(self) -> str:
        return reverse("workshops:registration", kwargs={"token": self.token})

    @staticmethod
    def takes_seat(now=None) -> Q:
        """Counted against capacity: confirmed, or a seat hold not yet expired.

        An expired hold stops counting at its deadline, before the sweep marks it expired.
        """
        return Q(status=Registration.Status.CONFIRMED) | Q(
            status=Registration.Status.PENDING,
            holds_seat=True,
            hold_expires_at__gt=now or timezone.now(),
        )

    @staticmethod
    def undo_window() -> timedelta:
        return timedelta(minutes=settings.WORKSHOP_CANCEL_UNDO_MINUTES)

    @property
    def undo_until(self):
        """Until when staff may undo this cancellation; None when it cannot be undone."""
        if self.status != self.Status.CANCELLED or self.cancelled_by_id is None:
            return None
        return self.cancelled_at + self.undo_window()

    @property
    def is_pending(self) -> bool:
        """Awaiting confirmation and still in time."""
        return self.status == self.Status.PENDING and timezone.now() < self.hold_expires_at

    @property
    def hold_has_expired(self) -> bool:
        return self.status == self.Status.EXPIRED or (
            self.status == self.Status.PENDING and timezone.now() >= self.hold_expires_at
        )

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def can_be_cancelled(self) -> bool:
        """Whether the registrant may still cancel it themselves."""
        workshop = self.workshop
        return (
            (self.is_active or self.is_pending)
            and workshop.status == Workshop.Status.PUBLISHED
            and timezone.now() < workshop.starts_at
        )

    @property
    def waiting_position(self) -> int | None:
        """1 for the first person waiting; None when not waiting (one query)."""
        if self.status != self.Status.WAITING:
            return None
        ahead = (
            Registration.objects.waiting()
            .filter(workshop_id=self.workshop_id)
            .filter(
                Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
            )
            .count()
        )
        return ahead + 1


class InterestSubscription(models.Model):
    """Someone who wants to hear about the next workshop on a topic."""

    email = models.EmailField(_("e-mail"))
    topic = models.CharField(_("topic"), max_length=30, choices=WorkshopTopic.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    consent_notice_version = models.CharField(_("privacy notice version"), max_length=40)
    created_at = models.DateTimeField(_("subscribed"), default=timezone.now)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    invited_to = models.ManyToManyField(
        Workshop,
        through="Invitation",
        related_name="+",
        blank=True,
        verbose_name=_("invited to"),
    )

    objects = InterestQuerySet.as_manager()

    class Meta:
        verbose_name = _("interest list subscription")
        verbose_name_plural = _("interest list subscriptions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "topic", "audience"],
                condition=Q(unsubscribed_at__isnull=True),
                name="interest_one_active_per_email",
            ),
        ]
        indexes = [
            models.Index(fields=["topic", "audience"], name="interest_matching_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.get_topic_display()} ({self.get_audience_display()})"


class Invitation(models.Model):
    """A subscriber was told about a workshop; recorded so that it happens only once."""

    subscription = models.ForeignKey(
        InterestSubscription, models.CASCADE, related_name="invitations"
    )
    workshop = models.ForeignKey(Workshop, models.CASCADE, related_name="invitations")
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "workshop"], name="invitation_once_per_workshop"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscription.email} → {self.workshop.title}"
