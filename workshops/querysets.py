"""Reads on workshops, registrations and interest lists, as QuerySet methods.

`workshops.models` builds its managers from these; they name their own model `self.model` and
the registrations by app label, so that this module needs nothing from `workshops.models`.
"""

from django.apps import apps
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from workshops.choices import Audience


def _registration_model() -> type[models.Model]:
    """`workshops.models.Registration`, found through the app registry (models imports us)."""
    return apps.get_model("workshops", "Registration")


def _registrations_in(condition: Q) -> Coalesce:
    """How many of the outer workshop's registrations meet `condition` (a correlated subquery)."""
    counted = (
        _registration_model()
        .objects.filter(condition, workshop=OuterRef("pk"))
        .order_by()
        .values("workshop")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class WorkshopQuerySet(models.QuerySet):
    def published(self) -> "WorkshopQuerySet":
        return self.filter(status=self.model.Status.PUBLISHED)

    def public(self) -> "WorkshopQuerySet":
        """Workshops that have a public page: published ones and those cancelled after."""
        return self.filter(status__in=[self.model.Status.PUBLISHED, self.model.Status.CANCELLED])

    def upcoming(self) -> "WorkshopQuerySet":
        """Published workshops not yet over, the soonest first."""
        return self.published().filter(ends_at__gt=timezone.now()).order_by("starts_at", "pk")

    def past(self) -> "WorkshopQuerySet":
        """Published workshops that are over, the latest first (the archive)."""
        return self.published().filter(ends_at__lte=timezone.now()).order_by("-starts_at", "-pk")

    def with_seats(self) -> "WorkshopQuerySet":
        """Annotate `seats_taken`, `waiting_count` and `pending_count` in the same query.

        `seats_taken` includes the seats held for people yet to confirm (see `takes_seat`).

        Correlated subqueries (on `registration_queue_idx`) rather than a join with GROUP BY, so
        that `count()` for pagination drops them and never touches the registrations.
        """
        registration = _registration_model()
        return self.annotate(
            seats_taken=_registrations_in(registration.takes_seat()),
            waiting_count=_registrations_in(Q(status=registration.Status.WAITING)),
            pending_count=_registrations_in(
                Q(status=registration.Status.PENDING, hold_expires_at__gt=timezone.now())
            ),
        )

    def starting_on(self, day) -> "WorkshopQuerySet":
        """Published workshops whose start falls on a local calendar day."""
        return self.published().filter(starts_at__date=day)

    def for_check_in(self, first_day, last_day) -> "WorkshopQuerySet":
        """Published workshops starting on these local days, with seats, in the order they run."""
        return (
            self.published()
            .filter(starts_at__date__range=(first_day, last_day))
            .with_seats()
            .order_by("starts_at", "pk")
        )


class RegistrationQuerySet(models.QuerySet):
    def active(self) -> "RegistrationQuerySet":
        return self.filter(status__in=self.model.ACTIVE)

    def claiming(self) -> "RegistrationQuerySet":
        """Active or pending: what a second registration with the same e-mail runs into."""
        return self.filter(status__in=self.model.CLAIMING)

    def confirmed(self) -> "RegistrationQuerySet":
        return self.filter(status=self.model.Status.CONFIRMED)

    def taking_seats(self, now=None) -> "RegistrationQuerySet":
        """Confirmed seats and the seats held for people who may still confirm."""
        return self.filter(self.model.takes_seat(now))

    def pending(self) -> "RegistrationQuerySet":
        """Awaiting confirmation by the e-mailed link (expired holds included until swept)."""
        return self.filter(status=self.model.Status.PENDING)

    def holds_expired(self, now=None) -> "RegistrationQuerySet":
        return self.pending().filter(hold_expires_at__lte=now or timezone.now())

    def waiting(self) -> "RegistrationQuerySet":
        """The waiting list, first come first served."""
        return self.filter(status=self.model.Status.WAITING).order_by("created_at", "pk")

    def undoable(self, now=None) -> "RegistrationQuerySet":
        """Cancelled by staff within WORKSHOP_CANCEL_UNDO_MINUTES: they may still undo it."""
        since = (now or timezone.now()) - self.model.undo_window()
        return self.filter(
            status=self.model.Status.CANCELLED,
            cancelled_by__isnull=False,
            cancelled_at__gt=since,
        )

    def attendance_counts(self) -> dict[str, int]:
        """Check-in figures of the confirmed: registered, checked in, absent, not checked yet."""
        counts = self.confirmed().aggregate(
            registered=Count("pk"),
            present=Count("pk", filter=Q(attended=True)),
            absent=Count("pk", filter=Q(attended=False)),
        )
        counts["unchecked"] = counts["registered"] - counts["present"] - counts["absent"]
        return counts

    def reminders_off_emails(self) -> "RegistrationQuerySet":
        """The addresses that turned reminders off from one of their reminders (a subquery)."""
        return self.filter(reminders_off_at__isnull=False).values("email")


class InterestQuerySet(models.QuerySet):
    def active(self) -> "InterestQuerySet":
        return self.filter(unsubscribed_at__isnull=True)

    def matching(self, workshop: models.Model) -> "InterestQuerySet":
        """Active subscriptions a workshop answers: same topic, an audience that fits."""
        audiences = (
            [Audience.MIGRANTS, Audience.ENTREPRENEURS, Audience.BOTH]
            if workshop.audience == Audience.BOTH
            else [workshop.audience, Audience.BOTH]
        )
        return self.active().filter(topic=workshop.topic, audience__in=audiences)
