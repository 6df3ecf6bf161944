"""Writes of the survey: drafts between pages, the final response, the hand-over to a case."""

import logging
from datetime import date

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import date as date_format
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contacts import services as contacts_services
from contacts.models import Channel
from returnportal.email_address import normalise_email
from returnportal.languages import language_codes
from returnportal.mail.services import email_queue
from returnportal.pages.privacy import current_notice_version
from surveys.answers import (
    OTHER,
    answers_merged,
    first_incomplete_question,
    is_empty,
    other_name,
    screening_passed,
)
from surveys.models import Answer, Draft, Question, Response, Survey, draft_expiry

logger = logging.getLogger(__name__)

# The returnee survey's support question, and the contact log's topic for each of its options.
SUPPORT_QUESTION_CODE = "support_needed"
SUPPORT_TOPICS = {
    "job": "work",
    "business": "business",
    "funding": "funding",
    "qualifications": "qualifications",
    "retraining": "education",
    "housing": "housing",
    "schooling": "education",
    "social_insurance": "social_insurance",
    "health": "health",
    "other": "other",
}


class SurveyError(Exception):
    """A survey action that cannot be done; the message is for the respondent."""


class DraftNotFound(SurveyError):
    """The draft is gone: submitted already, expired, or replaced by a fresh start."""


def draft_start(*, survey: Survey) -> Draft:
    if not survey.is_open():
        raise SurveyError(_("This survey is not open for answers."))
    return Draft.objects.create(survey=survey)


def draft_save_section(
    *, draft: Draft, questions: list[Question], answers: dict, reached_step: int
) -> Draft:
    """Replace the draft's answers to these questions and remember the furthest step."""
    draft.data = answers_merged(draft.data, questions, answers)
    draft.step = max(draft.step, reached_step)
    draft.expires_at = draft_expiry()
    draft.save(update_fields=["data", "step", "expires_at", "updated_at"])
    return draft


def draft_discard(*, draft: Draft) -> None:
    Draft.objects.filter(pk=draft.pk).delete()


def draft_email_resume_link(*, draft: Draft, email: str, language: str) -> None:
    """E-mail the resume link; the address goes only into the outbox, never with the answers.

    The outbox blanks the address and the link once the message has gone (the kind
    "resume_link" is in OUTBOX_SECRET_KINDS and OUTBOX_FORGET_RECIPIENT_KINDS), and the
    response made from the draft keeps nothing of its token, so neither leads to the answers.
    """
    with translation.override(language):
        resume_path = reverse(
            "surveys:resume", kwargs={"slug": draft.survey.slug, "token": draft.token}
        )
        expires_on = date_format(timezone.localtime(draft.expires_at), "j E Y")
        survey_title = draft.survey.title
    email_queue(
        to=email,
        template="surveys/email/resume_link",
        context={
            "survey_title": survey_title,
            "resume_path": resume_path,
            "expires_on": expires_on,
        },
        language=language,
    )


def drafts_purge_expired() -> int:
    """Delete drafts past their expiry; returns how many went."""
    deleted, _by_model = Draft.objects.expired().delete()
    return deleted


def _answers_for(response: Response, questions: list[Question], data: dict) -> list[Answer]:
    rows = []
    T = Question.Type
    for question in questions:
        value = data.get(question.code)
        if is_empty(value) or not question.condition_met(data):
            continue
        options = {o.code: o for o in question.options.all()}
        other_text = (data.get(other_name(question.code)) or "").strip()
        if question.type in Question.CHOICE_TYPES:
            for code in value if isinstance(value, list) else [value]:
                if code == OTHER:
                    rows.append(Answer(response=response, question=question, text=other_text))
                elif code in options:
                    rows.append(Answer(response=response, question=question, option=options[code]))
        elif question.type in (T.INTEGER, T.SCALE):
            rows.append(Answer(response=response, question=question, number=int(value)))
        elif question.type == T.MONTH_YEAR:
            year, month = (int(part) for part in str(value).split("-")[:2])
            rows.append(
                Answer(response=response, question=question, month_year=date(year, month, 1))
            )
        else:
            rows.append(Answer(response=response, question=question, text=str(value).strip()))
    return rows


def response_submit(
    *, draft: Draft, language: str, contact: dict | None = None, in_burst: bool = False
) -> Response:
    """Turn a draft into a Response with its Answers, once; the draft goes in the same step.

    `contact` is the consent step's cleaned data; personal data is kept only with consent.
    The response keeps no link to the draft (its token went to an address in the resume
    e-mail), so a repeated submit cannot find the first response: it raises `DraftNotFound`.
    `in_burst` marks a response that came in a burst from one connection (see the view).
    """
    contact = contact or {}
    consent = bool(contact.get("consent"))
    with transaction.atomic():
        locked = Draft.objects.select_for_update().filter(pk=draft.pk).first()
        # The delete claims the draft, also where rows cannot be locked (SQLite): of two
        # submits that both read it, the second deletes nothing and stores nothing.
        if locked is None or not Draft.objects.filter(pk=locked.pk).delete()[0]:
            raise DraftNotFound(_("These answers were not found; the link may have expired."))
        survey = locked.survey
        questions = list(survey.questions())
        data = locked.data
        if not screening_passed(survey=survey, data=data):
            raise SurveyError(_("This survey is for people who have lived away longer."))
        if first_incomplete_question(questions=questions, data=data):
            raise SurveyError(_("Some required questions have no answer yet."))
        country_code = survey.country_question.code if survey.country_question_id else ""
        response = Response.objects.create(
            survey=survey,
            language=language if language in language_codes() else settings.LANGUAGE_CODE,
            submitted_at=timezone.now(),
            in_burst=in_burst,
            country_of_stay=data.get(country_code, "") if country_code else "",
            contact_consent=consent,
            contact_name=contact.get("name", "") if consent else "",
            contact_email=normalise_email(contact.get("email")) if consent else "",
            contact_phone=contact.get("phone", "") if consent else "",
            # The version of the notice the respondent was shown: the published one.
            consent_notice_version=current_notice_version()[:40] if consent else "",
        )
        Answer.objects.bulk_create(_answers_for(response, questions, data))
        if consent:
            _consent_to_case_safely(response)
    return response


def _consent_to_case_safely(response: Response) -> None:
    # The respondent's answers must not be lost because the contact log failed: the case is
    # made in a savepoint and a failure is logged for staff to follow up from the response.
    try:
        with transaction.atomic():
            response_consent_to_case(response)
    except Exception:
        logger.exception("Could not open a case for survey response %s", response.pk)


def response_consent_to_case(response: Response) -> None:
    """Give a consenting respondent a Person and an open Case in the contact log.

    The typed details are a claim (`person_from_public_claim`): a matching e-mail links to its
    owner unchanged, a phone alone never does; a new person gets the consent recorded (web
    form). The case's topics come from the support they asked for. Does nothing without consent.
    """
    if not response.contact_consent:
        return
    support = Answer.objects.filter(response=response, question__code=SUPPORT_QUESTION_CODE)
    chosen = list(support.select_related("option"))
    topics = {
        SUPPORT_TOPICS[a.option.code]
        for a in chosen
        if a.option and a.option.code in SUPPORT_TOPICS
    }
    other_texts = [a.text for a in chosen if a.option is None and a.text]
    if other_texts or not topics:
        topics.add("other")
    with translation.override(settings.LANGUAGE_CODE):
        summary = _("Survey “%(title)s”: the respondent agreed to be contacted.") % {
            "title": response.survey.title
        }
        if other_texts:
            summary += " " + _("Other support needed: %(text)s") % {"text": "; ".join(other_texts)}
    # What the respondent typed is a claim: it may link to a known person, never change one.
    person = contacts_services.person_from_public_claim(
        name=response.contact_name,
        email=response.contact_email,
        phone=response.contact_phone,
        language=response.language,
        consent_channel=Channel.WEB_FORM,
    )
    contacts_services.case_open(
        person=person, topics=sorted(topics), channel=Channel.WEB_FORM, summary=summary
    )
    response.person = person
    response.save(update_fields=["person"])


def response_contact_erase(*, responses) -> int:
    """Erase the contact details given in a queryset of responses; the answers stay.

    The consent flag stays too, so results still count who agreed to be contacted.
    """
    return responses.filter(contact_erased_at__isnull=True).update(
        contact_name="", contact_email="", contact_phone="", contact_erased_at=timezone.now()
    )
