"""What the workshops hold about a person: registrations and interest lists.

Registered with `returnportal.personal_data`, so that the person's export, erasure, merge
and timeline include them without `contacts` importing this app.
"""

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from contacts.merge import PersonMergeError
from returnportal import personal_data
from returnportal.personal_data import MergeCount, RetentionRule, TimelineEntry, Traces
from workshops.models import InterestSubscription, Registration
from workshops.services import personal_data_erase_expired, registrations_erase


def person_registrations(person):
    """The person's workshop registrations: linked to them, or made with their e-mail."""
    condition = Q(person=person)
    if person.email:
        condition |= Q(email=person.email)
    return Registration.objects.filter(condition).select_related("workshop")


def _registrations_to_move(person):
    """Linked to the person, or unlinked with their e-mail (linked to another stays there)."""
    condition = Q(person=person)
    if person.email:
        condition |= Q(person__isnull=True, email=person.email)
    return Registration.objects.filter(condition)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


class WorkshopsPersonalData(personal_data.PersonalData):
    def _unerased(self, person):
        return person_registrations(person).filter(erased_at__isnull=True)

    def traces(self, person) -> Traces:
        rows = list(self._unerased(person).values_list("name", "email", "phone"))
        return Traces(
            addresses=frozenset(email for _name, email, _phone in rows if email),
            mentions=personal_data.clean_mentions(
                value for name, _email, phone in rows for value in (name, str(phone or ""))
            ),
        )

    def export(self, person) -> dict[str, list]:
        subscriptions = (
            InterestSubscription.objects.filter(email=person.email).order_by("created_at", "pk")
            if person.email
            else InterestSubscription.objects.none()
        )
        return {
            "workshop_registrations": [
                {
                    "workshop": registration.workshop.title,
                    "starts_at": _iso(registration.workshop.starts_at),
                    "status": registration.status,
                    "attended": registration.attended,
                    "name": registration.name,
                    "email": registration.email,
                    "phone": str(registration.phone or ""),
                    "participant_type": registration.participant_type,
                    "company": registration.company,
                    "sector": registration.sector,
                    "country": str(registration.country or ""),
                    "needs": registration.needs,
                    "language": registration.language,
                    "privacy_notice_version": registration.consent_notice_version,
                    "registered_at": _iso(registration.created_at),
                    "cancelled_at": _iso(registration.cancelled_at),
                }
                for registration in person_registrations(person).order_by("created_at", "pk")
            ],
            "workshop_interest_lists": [
                {
                    "email": subscription.email,
                    "topic": subscription.topic,
                    "audience": subscription.audience,
                    "subscribed_at": _iso(subscription.created_at),
                    "unsubscribed_at": _iso(subscription.unsubscribed_at),
                }
                for subscription in subscriptions
            ],
        }

    def erase(self, person, traces: Traces) -> None:
        pks = list(self._unerased(person).values_list("pk", flat=True))
        registrations_erase(registrations=Registration.objects.filter(pk__in=pks))
        # "Tell me about the next workshop" lists hold nothing but the address: they go.
        InterestSubscription.objects.filter(email__in=traces.addresses).delete()
        personal_data.admin_log_forget(Registration, pks)

    def merge_check(self, *, keep, discard) -> None:
        held: dict = {}
        for person in (keep, discard):
            for registration in person_registrations(person).active():
                held.setdefault(registration.workshop, {}).setdefault(person.pk, set()).add(
                    registration.pk
                )
        clashes = [
            _("“%(title)s” (%(day)s)")
            % {
                "title": workshop.title,
                "day": date_format(workshop.starts_at, "SHORT_DATE_FORMAT"),
            }
            for workshop, by_person in held.items()
            # One registration found for both (linked to one, with the other's address) is
            # no clash.
            if len(by_person) == 2 and len(set.union(*by_person.values())) > 1
        ]
        if clashes:
            raise PersonMergeError(
                _(
                    "Both records have an active registration for %(workshops)s. Cancel one of "
                    "them first, then merge."
                )
                % {"workshops": ", ".join(clashes)},
                code="registrations_collide",
            )

    def merge_counts(self, discard) -> list[MergeCount]:
        return [MergeCount(_("Workshop registrations"), _registrations_to_move(discard).count())]

    def merge_move(self, *, keep, discard) -> None:
        _registrations_to_move(discard).update(person=keep)

    def timeline(self, person) -> list[TimelineEntry]:
        return [
            TimelineEntry(
                "registration",
                registration.created_at,
                registration,
                "workshops/staff/_person_timeline.html",
            )
            for registration in person_registrations(person)
        ]


personal_data.register(
    WorkshopsPersonalData(
        retention=(
            RetentionRule(
                "workshop_registrations",
                "WORKSHOP_REGISTRATION_RETENTION_DAYS",
                lambda *, before, now: personal_data_erase_expired(now=now)[0],
            ),
        )
    )
)
