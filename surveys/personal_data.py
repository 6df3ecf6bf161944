"""What the survey holds about a person: the contact details of a consenting response.

Registered with `returnportal.personal_data`; an anonymous response holds nothing of anyone.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from returnportal import personal_data
from returnportal.email_address import normalise_email
from returnportal.personal_data import MergeCount, RetentionRule, TimelineEntry, Traces
from surveys.models import Response
from surveys.services import response_contact_erase


def _responses(person):
    """Linked to the person, or giving their e-mail as the contact address."""
    condition = Q(person=person)
    if person.email:
        condition |= Q(contact_email__iexact=person.email)
    return Response.objects.filter(condition)


def person_survey_responses(person):
    """Survey responses in which the person agreed to be contacted."""
    return _responses(person).filter(contact_consent=True).select_related("survey")


def _responses_to_move(person):
    """Linked to the person, or unlinked consents with their e-mail."""
    condition = Q(person=person)
    if person.email:
        condition |= Q(
            person__isnull=True, contact_consent=True, contact_email__iexact=person.email
        )
    return Response.objects.filter(condition)


class SurveysPersonalData(personal_data.PersonalData):
    def _unerased(self, person):
        return _responses(person).filter(contact_erased_at__isnull=True)

    def traces(self, person) -> Traces:
        rows = list(
            self._unerased(person).values_list("contact_name", "contact_email", "contact_phone")
        )
        return Traces(
            addresses=frozenset(normalise_email(email) for _name, email, _phone in rows if email),
            mentions=personal_data.clean_mentions(
                value for name, _email, phone in rows for value in (name, phone)
            ),
        )

    def export(self, person) -> dict[str, list]:
        return {
            "survey_consents": [
                {
                    "survey": response.survey.title,
                    "submitted_at": response.submitted_at.isoformat(),
                    "language": response.language,
                    "name": response.contact_name,
                    "email": response.contact_email,
                    "phone": response.contact_phone,
                    "privacy_notice_version": response.consent_notice_version,
                }
                for response in person_survey_responses(person).order_by("submitted_at", "pk")
            ]
        }

    def erase(self, person, traces: Traces) -> None:
        pks = list(self._unerased(person).values_list("pk", flat=True))
        response_contact_erase(responses=Response.objects.filter(pk__in=pks))

    def merge_counts(self, discard) -> list[MergeCount]:
        consents = _responses_to_move(discard).filter(contact_consent=True).count()
        return [MergeCount(_("Survey consents"), consents)]

    def merge_move(self, *, keep, discard) -> None:
        _responses_to_move(discard).update(person=keep)

    def timeline(self, person) -> list[TimelineEntry]:
        return [
            TimelineEntry(
                "survey", response.submitted_at, response, "surveys/_person_timeline.html"
            )
            for response in person_survey_responses(person)
        ]


personal_data.register(
    SurveysPersonalData(
        retention=(
            RetentionRule(
                "survey_contact_details",
                "SURVEY_CONTACT_RETENTION_DAYS",
                lambda *, before, now: response_contact_erase(
                    responses=Response.objects.filter(submitted_at__lt=before)
                ),
            ),
        )
    )
)
