import copy
import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation
from django.utils.formats import date_format

from contacts.models import Case, Channel, Person
from returnportal.mail.models import OutgoingEmail
from surveys.models import Answer, Draft, Response, Survey
from surveys.returnee import returnee_survey_load
from surveys.services import (
    DraftNotFound,
    SurveyError,
    draft_email_resume_link,
    draft_save_section,
    draft_start,
    drafts_purge_expired,
    response_consent_to_case,
    response_contact_erase,
    response_submit,
    screening_passed,
)
from tests.conftest import skip_or_fail
from tests.pages.factories import PrivacyNoticeFactory

EVERY_TYPE_ANSWERS = {
    "single": "a",
    "multiple": ["x", "z", "__other__"],
    "multiple__other": "Sauna",
    "short": "Kielce",
    "long": "Długi tekst",
    "number": 42,
    "when": "2027-05",
    "country": "DE",
    "scale": 4,
    "why_a": "Bo tak",
}


def test_submit_stores_one_row_per_answer_and_per_chosen_option(every_type_survey):
    """A multiple choice gives a row per option (and one for "other"); the rest one row each."""
    draft = Draft.objects.create(survey=every_type_survey, data=EVERY_TYPE_ANSWERS)
    response = response_submit(draft=draft, language="en")
    answers = {
        (a.question.code, a.option.code if a.option else None): a
        for a in response.answers.select_related("question", "option")
    }
    assert set(answers) == {
        ("single", "a"),
        ("multiple", "x"),
        ("multiple", "z"),
        ("multiple", None),
        ("short", None),
        ("long", None),
        ("number", None),
        ("when", None),
        ("country", None),
        ("scale", None),
        ("why_a", None),
    }
    assert answers[("multiple", None)].text == "Sauna"
    assert answers[("number", None)].number == 42
    assert answers[("scale", None)].number == 4
    assert answers[("when", None)].month_year == date(2027, 5, 1)
    assert answers[("country", None)].text == "DE"
    assert response.language == "en"
    assert response.country_of_stay == "DE"
    assert not Draft.objects.filter(pk=draft.pk).exists()


def test_response_keeps_nothing_of_the_draft_token(every_type_survey):
    """The response's key is its own: the draft's token went out in the resume e-mail."""
    draft = Draft.objects.create(survey=every_type_survey, data=EVERY_TYPE_ANSWERS)
    response = response_submit(draft=draft, language="pl")
    assert response.submission_token
    assert draft.token[:8] not in response.submission_token
    assert not Response.objects.filter(submission_token=draft.token).exists()


def test_submit_twice_stores_one_response(every_type_survey):
    """A repeated submit of the same draft finds no draft and stores nothing more."""
    draft = Draft.objects.create(survey=every_type_survey, data=EVERY_TYPE_ANSWERS)
    first = response_submit(draft=draft, language="pl")
    with pytest.raises(DraftNotFound):
        response_submit(draft=draft, language="pl")
    assert list(Response.objects.all()) == [first]
    assert Answer.objects.filter(response=first).count() == 11


def test_hidden_answers_are_not_stored(every_type_survey):
    """An answer to a question whose condition is unmet is left out."""
    data = {**EVERY_TYPE_ANSWERS, "single": "b"}
    draft = Draft.objects.create(survey=every_type_survey, data=data)
    response = response_submit(draft=draft, language="pl")
    assert not response.answers.filter(question__code="why_a").exists()


def test_submit_refuses_missing_required_answers(every_type_survey):
    """A draft that skipped a required, shown question is not stored."""
    data = {k: v for k, v in EVERY_TYPE_ANSWERS.items() if k != "why_a"}
    draft = Draft.objects.create(survey=every_type_survey, data=data)
    with pytest.raises(SurveyError):
        response_submit(draft=draft, language="pl")
    assert Response.objects.count() == 0


def test_contact_details_kept_only_with_consent(every_type_survey):
    """Without consent the response holds no contact details, whatever was passed."""
    draft = Draft.objects.create(survey=every_type_survey, data=EVERY_TYPE_ANSWERS)
    response = response_submit(
        draft=draft, language="pl", contact={"consent": False, "email": "anna@example.org"}
    )
    assert (response.contact_consent, response.contact_email) == (False, "")


def submit_with_consent(survey, email="anna@example.org"):
    draft = Draft.objects.create(survey=survey, data=EVERY_TYPE_ANSWERS)
    response = response_submit(
        draft=draft,
        language="pl",
        contact={"consent": True, "name": "Anna", "email": email, "phone": ""},
    )
    response.refresh_from_db()
    return response


def test_consented_contact_address_is_stored_in_its_one_spelling(every_type_survey):
    """Stored as people are matched, so that erasure by address finds the response."""
    response = submit_with_consent(every_type_survey, email=" Anna@Example.ORG ")
    assert response.contact_email == "anna@example.org"


def test_consent_records_the_published_notice_version(every_type_survey, settings):
    """Consent points at the published notice the respondent was shown, not the setting."""
    settings.PRIVACY_NOTICE_VERSION = "2026-11-01"
    PrivacyNoticeFactory(version="2027-01-15", published_at=timezone.now() - timedelta(days=1))
    PrivacyNoticeFactory(version="2027-03-draft", published_at=None)
    response = submit_with_consent(every_type_survey)
    assert response.contact_email == "anna@example.org"
    assert response.consent_notice_version == "2027-01-15"
    assert Person.objects.get().consent_notice_version == "2027-01-15"


def test_consent_before_any_published_notice_records_the_setting(every_type_survey, settings):
    """With no notice published yet, consent records PRIVACY_NOTICE_VERSION."""
    settings.PRIVACY_NOTICE_VERSION = "2026-11-01"
    assert submit_with_consent(every_type_survey).consent_notice_version == "2026-11-01"


@pytest.mark.parametrize(("months", "passed"), [(5, False), (6, True), (24, True), (None, True)])
def test_screening_threshold(returnee_survey, months, passed):
    """Fewer months away than the threshold fails the screening; no answer yet does not."""
    data = {} if months is None else {"months_away": months}
    assert screening_passed(survey=returnee_survey, data=data) is passed


def test_expired_drafts_are_purged(every_type_survey):
    """Drafts past their expiry are deleted, current ones kept."""
    old = Draft.objects.create(
        survey=every_type_survey, expires_at=timezone.now() - timedelta(minutes=1)
    )
    current = Draft.objects.create(survey=every_type_survey)
    assert drafts_purge_expired() == 1
    assert list(Draft.objects.all()) == [current]
    assert not Draft.objects.filter(pk=old.pk).exists()


def test_draft_expiry_follows_the_setting(every_type_survey, settings):
    """A draft lives SURVEY_DRAFT_DAYS days."""
    settings.SURVEY_DRAFT_DAYS = 3
    draft = Draft.objects.create(survey=every_type_survey)
    assert timedelta(days=2, hours=23) < draft.expires_at - timezone.now() <= timedelta(days=3)


def test_returnee_survey_load_is_idempotent(db):
    """Loading the returnee survey twice leaves one survey with the same questions."""
    first = returnee_survey_load()
    count = first.questions().count()
    second = returnee_survey_load()
    assert first.pk == second.pk
    assert Survey.objects.count() == 1
    assert second.questions().count() == count
    assert second.screening_question.code == "months_away"
    assert second.screening_threshold == 6


def consenting_response(survey, support, *, email="jan@example.org", phone=""):
    data = {
        "months_away": 24,
        "country_last": "IE",
        "year_left": 2015,
        "education_level": "master",
        "worked_abroad": "no",
        "plans_status": "back",
        "support_needed": support,
        "support_needed__other": "Opieka nad rodzicami",
    }
    draft = Draft.objects.create(survey=survey, data=data)
    return response_submit(
        draft=draft,
        language="en",
        contact={"consent": True, "name": "Jan", "email": email, "phone": phone},
    )


def test_consent_to_case_does_nothing_without_consent(returnee_survey):
    """A response without consent to be contacted creates no person and no case."""
    response = Response.objects.create(survey=returnee_survey, language="pl")
    response_consent_to_case(response)
    assert not Person.objects.exists()
    assert not Case.objects.exists()


def test_consent_to_case_opens_a_case_with_support_topics(returnee_survey):
    """With consent, a person with recorded consent and an open case with support topics."""
    response = consenting_response(returnee_survey, ["job", "retraining", "schooling", "__other__"])
    person = Person.objects.get()
    assert (person.name, person.email, person.language) == ("Jan", "jan@example.org", "en")
    assert person.consent_given_at is not None
    assert person.consent_channel == Channel.WEB_FORM
    case = Case.objects.get()
    assert case.person == person
    assert case.status == Case.Status.OPEN
    assert case.topics == ["work", "education", "other"]
    contact = case.contacts.get()
    assert contact.channel == Channel.WEB_FORM
    assert "Opieka nad rodzicami" in contact.summary
    response.refresh_from_db()
    assert response.person == person


def test_consent_to_case_matches_a_known_person(returnee_survey):
    """A respondent already in the contact log is matched on e-mail, not created again."""
    known = Person.objects.create(name="Jan K.", email="jan@example.org")
    consenting_response(returnee_survey, ["business"])
    assert Person.objects.get() == known
    assert Case.objects.get().topics == ["business"]
    known.refresh_from_db()
    assert (known.name, known.consent_given_at) == ("Jan K.", None)


def test_consent_to_case_does_not_file_on_a_phone_match(returnee_survey):
    """A known person's phone with another e-mail is a new person flagged as a possible duplicate."""
    known = Person.objects.create(name="Jan K.", email="jan.k@example.org", phone="+48601234567")
    response = consenting_response(
        returnee_survey, ["job"], email="someone.else@example.org", phone="+48601234567"
    )
    case = Case.objects.get()
    assert case.person != known
    assert case.person.email == "someone.else@example.org"
    assert case.person.possible_duplicate_of == known
    assert response.person == case.person
    assert not known.cases.exists()
    known.refresh_from_db()
    assert (known.name, known.email) == ("Jan K.", "jan.k@example.org")


def test_failing_case_does_not_lose_the_answers(returnee_survey, monkeypatch, caplog):
    """If the contact log fails, the response is still stored, and the log names it for staff."""
    from surveys.services import contacts_services

    monkeypatch.setattr(contacts_services, "person_from_public_claim", lambda **kw: 1 / 0)
    response = consenting_response(returnee_survey, ["job"])
    assert Response.objects.filter(pk=response.pk).exists()
    assert not Case.objects.exists()
    assert f"Could not open a case for survey response {response.pk}" in caplog.text


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_store_one_response(every_type_survey):
    """Two submits of one draft at the same moment store a single response; the other finds none."""
    if connection.vendor != "postgresql":
        skip_or_fail("concurrent row locking needs PostgreSQL (DATABASE_URL)")
    draft = Draft.objects.create(survey=every_type_survey, data=EVERY_TYPE_ANSWERS)
    barrier = threading.Barrier(2)
    stored = []
    refused = []

    def submit() -> None:
        try:
            barrier.wait()
            stored.append(response_submit(draft=copy.copy(draft), language="pl").pk)
        except DraftNotFound:
            refused.append(True)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (len(stored), len(refused)) == (1, 1)
    assert list(Response.objects.values_list("pk", flat=True)) == stored


def test_a_submit_that_failed_the_screening_is_refused_and_says_why(returnee_survey):
    """Five months away (the threshold is six): nothing stored, the reason for the person."""
    draft = Draft.objects.create(survey=returnee_survey, data={"months_away": 5})
    with pytest.raises(SurveyError) as refused:
        response_submit(draft=draft, language="pl")
    assert str(refused.value) == "This survey is for people who have lived away longer."
    assert not Response.objects.exists()


def test_a_submit_with_required_answers_missing_says_why(every_type_survey):
    data = {k: v for k, v in EVERY_TYPE_ANSWERS.items() if k != "why_a"}
    draft = Draft.objects.create(survey=every_type_survey, data=data)
    with pytest.raises(SurveyError) as refused:
        response_submit(draft=draft, language="pl")
    assert str(refused.value) == "Some required questions have no answer yet."


def test_a_second_submit_says_the_answers_are_gone(every_type_survey):
    draft = Draft.objects.create(survey=every_type_survey, data=EVERY_TYPE_ANSWERS)
    response_submit(draft=draft, language="pl")
    with pytest.raises(DraftNotFound) as gone:
        response_submit(draft=draft, language="pl")
    assert str(gone.value) == "These answers were not found; the link may have expired."


@pytest.mark.parametrize(("language", "stored"), [("en", "en"), ("pl", "pl"), ("de", "pl")])
def test_a_response_is_stored_in_one_of_the_sites_languages(every_type_survey, language, stored):
    draft = Draft.objects.create(survey=every_type_survey, data=EVERY_TYPE_ANSWERS)
    assert response_submit(draft=draft, language=language).language == stored


def test_a_survey_without_a_country_question_stores_no_country(every_type_survey):
    Survey.objects.filter(pk=every_type_survey.pk).update(country_question=None)
    draft = Draft.objects.create(survey=every_type_survey, data=EVERY_TYPE_ANSWERS)
    assert response_submit(draft=draft, language="pl").country_of_stay == ""


@pytest.mark.parametrize(
    ("contact", "stored"),
    [
        ({"consent": False, "name": "Anna", "phone": "600100200"}, ("", "", "")),
        ({"consent": True, "email": "anna@example.org"}, ("", "anna@example.org", "")),
    ],
)
def test_contact_details_not_given_are_stored_blank(every_type_survey, contact, stored):
    """Without consent nothing typed is kept; with it, only what was typed (no placeholder)."""
    draft = Draft.objects.create(survey=every_type_survey, data=EVERY_TYPE_ANSWERS)
    response = response_submit(draft=draft, language="pl", contact=contact)
    response.refresh_from_db()
    assert (response.contact_name, response.contact_email, response.contact_phone) == stored


def test_the_case_of_a_consent_says_what_the_respondent_asked_for_in_polish(returnee_survey):
    """The contact log's note is in the office's language, with the typed "other" support."""
    consenting_response(returnee_survey, ["job", "__other__"])
    summary = Case.objects.get().contacts.get().summary
    assert summary == (
        f"Ankieta „{returnee_survey.title_pl}”: osoba ankietowana zgodziła się na kontakt. "
        "Inne potrzebne wsparcie: Opieka nad rodzicami"
    )


def test_the_case_of_a_consent_takes_its_topics_from_that_response_only(returnee_survey):
    """An earlier respondent's support answers do not leak into the next one's case."""
    consenting_response(returnee_survey, ["business"], email="first@example.org")
    consenting_response(returnee_survey, ["housing"], email="second@example.org")
    second = Case.objects.get(person__email="second@example.org")
    assert second.topics == ["housing"]


def test_erased_contact_details_are_blank(every_type_survey):
    response = submit_with_consent(every_type_survey)
    Response.objects.filter(pk=response.pk).update(contact_phone="+48 600 100 200")
    assert response_contact_erase(responses=Response.objects.filter(pk=response.pk)) == 1
    response.refresh_from_db()
    assert (response.contact_name, response.contact_email, response.contact_phone) == ("", "", "")
    assert response.contact_erased_at is not None


def test_other_chosen_without_a_text_stores_no_other_answer(every_type_survey):
    data = {**EVERY_TYPE_ANSWERS, "multiple__other": "  "}
    draft = Draft.objects.create(survey=every_type_survey, data=data)
    response = response_submit(draft=draft, language="pl")
    other = response.answers.filter(question__code="multiple", option__isnull=True)
    assert [answer.text for answer in other] in ([], [""])


def test_a_saved_section_replaces_its_answers_and_drops_what_is_now_blank(every_type_survey):
    """Answers left empty on the page go from the draft, "other" texts included."""
    questions = list(every_type_survey.questions().filter(code__in=["multiple", "short"]))
    draft = Draft.objects.create(survey=every_type_survey, data=EVERY_TYPE_ANSWERS)
    saved = draft_save_section(
        draft=draft, questions=questions, answers={"multiple": ["y"]}, reached_step=2
    )
    saved.refresh_from_db()
    assert saved.data["multiple"] == ["y"]
    assert "multiple__other" not in saved.data
    assert "short" not in saved.data
    assert saved.data["single"] == "a"
    assert saved.step == 2


def test_the_resume_e_mail_names_the_survey_and_the_day_the_link_expires(every_type_survey):
    draft = Draft.objects.create(survey=every_type_survey, data={})
    draft_email_resume_link(draft=draft, email="anna@example.org", language="en")
    email = OutgoingEmail.objects.get()
    with translation.override("en"):
        expires_on = date_format(timezone.localtime(draft.expires_at), "j F Y")
        assert every_type_survey.title in email.body_text
    assert expires_on in email.body_text
    assert f"/en/survey/{every_type_survey.slug}/resume/" in email.body_text


def test_a_response_is_not_part_of_a_burst_unless_the_view_says_so(every_type_survey):
    draft = Draft.objects.create(survey=every_type_survey, data=EVERY_TYPE_ANSWERS)
    assert response_submit(draft=draft, language="pl").in_burst is False


def test_without_consent_no_notice_version_is_recorded(every_type_survey):
    draft = Draft.objects.create(survey=every_type_survey, data=EVERY_TYPE_ANSWERS)
    response = response_submit(draft=draft, language="pl", contact={"consent": False})
    assert response.consent_notice_version == ""


def test_a_survey_that_is_not_open_cannot_be_started(every_type_survey):
    Survey.objects.filter(pk=every_type_survey.pk).update(status=Survey.Status.DRAFT)
    every_type_survey.refresh_from_db()
    with pytest.raises(SurveyError) as refused:
        draft_start(survey=every_type_survey)
    assert str(refused.value) == "This survey is not open for answers."
    assert not Draft.objects.exists()


def test_a_screening_question_without_a_threshold_screens_nobody_out(returnee_survey):
    Survey.objects.filter(pk=returnee_survey.pk).update(screening_threshold=None)
    returnee_survey.refresh_from_db()
    assert screening_passed(survey=returnee_survey, data={"months_away": 1}) is True
