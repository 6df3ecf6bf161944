import secrets
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from returnportal.mail.models import OutgoingEmail
from surveys.models import Answer, Draft, Response, Survey
from tests.surveys.answering import PAGES, fill_all, start, step_url


def test_current_survey_shows_the_open_one(client, returnee_survey):
    """/survey/ shows the introduction of the survey open now, and starting it works from there."""
    response = client.get(reverse("surveys:current"))
    assert response.status_code == 200
    assert response.context["object"] == returnee_survey
    started = client.post(reverse("surveys:current"))
    assert started["Location"] == reverse(
        "surveys:step", kwargs={"slug": returnee_survey.slug, "step": 1}
    )


def test_no_open_survey_says_so(client, db):
    """/survey/ without an open survey explains there is none."""
    response = client.get(reverse("surveys:current"))
    assert response.status_code == 200
    assert "Obecnie nie prowadzimy" in response.content.decode()


def test_draft_survey_is_not_public(client, returnee_survey):
    """A survey in draft status is not shown to the public."""
    Survey.objects.filter(pk=returnee_survey.pk).update(status=Survey.Status.DRAFT)
    response = client.get(returnee_survey.get_absolute_url())
    assert response.status_code == 404


@pytest.mark.parametrize("language", ["pl", "en"])
def test_filling_the_returnee_survey_stores_one_response(client, returnee_survey, language):
    """Answering every page and the consent step stores one response in the page language."""
    fill_all(client, returnee_survey, language)
    page = client.get(step_url(returnee_survey, 7, language))
    assert page.status_code == 200
    response = client.post(step_url(returnee_survey, 7, language), {"next": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/survey/{returnee_survey.slug}/thanks/")
    stored = Response.objects.get()
    assert stored.language == language
    assert stored.country_of_stay == "DE"
    assert stored.contact_consent is False
    assert Answer.objects.filter(response=stored, question__code="skills_gained").count() == 2
    assert Answer.objects.get(response=stored, question__code="plans_when").month_year.year == 2027
    assert not Draft.objects.exists()


def test_progress_and_back_are_shown(client, returnee_survey):
    """Each page says which step it is and offers Back after the first."""
    start(client, returnee_survey)
    client.post(step_url(returnee_survey, 1), {**PAGES[0], "next": "1"})
    page = client.get(step_url(returnee_survey, 2)).content.decode()
    assert "Krok 2 z 7" in page
    assert 'name="back"' in page


def test_step_buttons_say_dalej_and_wstecz_in_polish(client, returnee_survey):
    """The step buttons use the survey's own words, not another app's "Next" (Następna)."""
    start(client, returnee_survey)
    client.post(step_url(returnee_survey, 1), {**PAGES[0], "next": "1"})
    page = client.get(step_url(returnee_survey, 2)).content.decode()
    assert ">Dalej</button>" in page
    assert ">Wstecz</button>" in page
    assert "Następna" not in page


def test_enter_in_a_text_box_means_next_not_back(client, returnee_survey):
    """The form's first submit button (the one Enter presses) is Next, even where Back is shown."""
    start(client, returnee_survey)
    client.post(step_url(returnee_survey, 1), {**PAGES[0], "next": "1"})
    page = client.get(step_url(returnee_survey, 2)).content.decode()
    form = page[page.index('<form method="post" novalidate>') :]
    first_button = form[form.index("<button") : form.index(">", form.index("<button"))]
    assert 'name="next"' in first_button
    assert form.index('name="next"') < form.index('name="back"')


def test_back_keeps_answers(client, returnee_survey):
    """Going back shows the answers given before."""
    start(client, returnee_survey)
    client.post(step_url(returnee_survey, 1), {**PAGES[0], "next": "1"})
    response = client.post(step_url(returnee_survey, 2), {**PAGES[1], "back": "1"})
    assert response["Location"] == step_url(returnee_survey, 1)
    page = client.get(step_url(returnee_survey, 1)).content.decode()
    assert 'value="24"' in page


def test_invalid_page_shows_errors_in_the_language(client, returnee_survey):
    """A page with a missing required answer comes back with 400 and the error in Polish."""
    start(client, returnee_survey)
    response = client.post(step_url(returnee_survey, 1), {"months_away": "", "next": "1"})
    assert response.status_code == 400
    assert "To pole jest wymagane." in response.content.decode()


def test_pages_cannot_be_skipped(client, returnee_survey):
    """A page beyond the furthest one reached sends the respondent back to it."""
    start(client, returnee_survey)
    response = client.get(step_url(returnee_survey, 4))
    assert response["Location"] == step_url(returnee_survey, 1)


def test_screening_under_threshold_keeps_nothing(client, returnee_survey):
    """Under six months away: a polite page, the draft deleted and no response stored."""
    start(client, returnee_survey)
    response = client.post(
        step_url(returnee_survey, 1),
        {"months_away": "5", "country_last": "DE", "year_left": "2025", "next": "1"},
    )
    assert response["Location"] == reverse("surveys:not_eligible", kwargs={"slug": "returnees"})
    assert not Draft.objects.exists()
    assert not Response.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "co najmniej 6 miesięcy" in page


def test_double_submit_stores_one_response(client, returnee_survey):
    """Posting the last page twice stores one response; the second lands on thanks."""
    fill_all(client, returnee_survey)
    first = client.post(step_url(returnee_survey, 7), {"next": "1"})
    second = client.post(step_url(returnee_survey, 7), {"next": "1"})
    assert first["Location"] == second["Location"]
    assert Response.objects.count() == 1


def test_consent_step_stores_contact(client, returnee_survey):
    """With consent, the contact details are kept with the response."""
    fill_all(client, returnee_survey)
    client.post(
        step_url(returnee_survey, 7),
        {"consent": "on", "name": "Anna", "email": "anna@example.org", "next": "1"},
    )
    stored = Response.objects.get()
    assert (stored.contact_consent, stored.contact_email) == (True, "anna@example.org")


def test_hidden_section_questions_are_skipped(client, returnee_survey):
    """Answers that hide questions skip them: "no" to work abroad stores no sector."""
    start(client, returnee_survey)
    client.post(step_url(returnee_survey, 1), {**PAGES[0], "next": "1"})
    client.post(step_url(returnee_survey, 2), {**PAGES[1], "next": "1"})
    response = client.post(
        step_url(returnee_survey, 3),
        {"worked_abroad": "no", "work_sector": "bogus", "next": "1"},
    )
    assert response.status_code == 302
    assert "work_sector" not in Draft.objects.get().data


def test_resume_link_restores_the_answers_in_another_browser(client, returnee_survey):
    """The resume link shown on the page brings the answers back in a new session."""
    draft = start(client, returnee_survey)
    client.post(step_url(returnee_survey, 1), {**PAGES[0], "next": "1"})
    page = client.get(step_url(returnee_survey, 2)).content.decode()
    assert draft.get_absolute_url() in page
    other = Client()
    response = other.get(draft.get_absolute_url())
    assert response["Location"] == step_url(returnee_survey, 2)
    assert other.get(step_url(returnee_survey, 1)).status_code == 200


def test_expired_resume_link_is_refused(client, returnee_survey):
    """A resume link past its expiry says so (404) and restores nothing."""
    draft = Draft.objects.create(
        survey=returnee_survey, expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    assert "Ten link już nie działa" in response.content.decode()


def test_no_session_draft_goes_to_the_start(client, returnee_survey):
    """A step page without a draft in the session leads to the survey's start."""
    response = client.get(step_url(returnee_survey, 1))
    assert response["Location"] == returnee_survey.get_absolute_url()


def test_closed_survey_takes_no_answers(client, returnee_survey):
    """After closing, the survey page says so and offers no start."""
    Survey.objects.filter(pk=returnee_survey.pk).update(status=Survey.Status.CLOSED)
    page = client.get(returnee_survey.get_absolute_url()).content.decode()
    assert 'type="submit"' not in page
    response = client.post(returnee_survey.get_absolute_url())
    assert response.status_code == 302
    assert not Draft.objects.exists()


def test_resume_link_can_be_emailed(client, returnee_survey, settings):
    """The resume link goes to a typed address through the outbox, in the page's language."""
    settings.RATELIMIT_ENABLE = False
    draft = start(client, returnee_survey)
    response = client.post(
        reverse("surveys:resume_email", kwargs={"slug": returnee_survey.slug}),
        {"email": "anna@example.org"},
    )
    assert response["Location"] == step_url(returnee_survey, 1)
    email = OutgoingEmail.objects.get()
    assert (email.to, email.language) == ("anna@example.org", "pl")
    assert draft.get_absolute_url() in email.body_text
    assert "ankiety" in email.subject
    assert not Response.objects.exists()


def test_resume_email_needs_a_valid_address(client, returnee_survey, settings):
    """A wrong address sends nothing and says why."""
    settings.RATELIMIT_ENABLE = False
    start(client, returnee_survey)
    response = client.post(
        reverse("surveys:resume_email", kwargs={"slug": returnee_survey.slug}),
        {"email": "not-an-address"},
        follow=True,
    )
    assert "Podaj poprawny adres e-mail" in response.content.decode()
    assert not OutgoingEmail.objects.exists()


def test_resume_emails_are_rate_limited(client, returnee_survey):
    """More than five requests an hour from one address send nothing more."""
    start(client, returnee_survey)
    # A fresh address each run: the limit's counters live in the shared cache.
    address = f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(256)}"
    url = reverse("surveys:resume_email", kwargs={"slug": returnee_survey.slug})
    for _attempt in range(7):
        client.post(url, {"email": "anna@example.org"}, REMOTE_ADDR=address)
    assert OutgoingEmail.objects.count() == 5


def test_starting_again_discards_the_old_draft(client, returnee_survey):
    """Starting again deletes the earlier unfinished answers."""
    first = start(client, returnee_survey)
    second = start(client, returnee_survey)
    assert list(Draft.objects.all()) == [second]
    assert first.pk != second.pk


def test_back_from_the_consent_step_submits_nothing(client, returnee_survey):
    """Back on the last step returns to the previous page and stores no response."""
    fill_all(client, returnee_survey)
    response = client.post(step_url(returnee_survey, 7), {"consent": "on", "back": "1"})
    assert response["Location"] == step_url(returnee_survey, 6)
    assert not Response.objects.exists()
    assert Draft.objects.exists()


def test_submitting_forgets_the_draft_token_in_the_session(client, returnee_survey):
    """After Send the session keeps only that this survey was answered, not the draft's token."""
    fill_all(client, returnee_survey)
    token = Draft.objects.get().token
    client.post(step_url(returnee_survey, 7), {"next": "1"})
    assert token not in str(dict(client.session))
    assert client.get(step_url(returnee_survey, 1))["Location"].endswith("/thanks/")


def test_resume_link_after_submitting(client, returnee_survey):
    """The used resume link shows thanks in the browser that sent it, and nothing elsewhere."""
    fill_all(client, returnee_survey)
    resume_url = Draft.objects.get().get_absolute_url()
    client.post(step_url(returnee_survey, 7), {"next": "1"})
    assert client.get(resume_url)["Location"].endswith("/thanks/")
    assert Client().get(resume_url).status_code == 404


def test_a_second_click_of_send_lands_on_thanks(client, returnee_survey, monkeypatch):
    """A Send whose draft a concurrent Send took a moment ago shows thanks, not an error."""
    from surveys.views import public

    real_submit = public.response_submit

    def submitted_meanwhile(**kwargs):
        real_submit(**kwargs)
        return real_submit(**kwargs)

    monkeypatch.setattr(public, "response_submit", submitted_meanwhile)
    fill_all(client, returnee_survey)
    response = client.post(step_url(returnee_survey, 7), {"next": "1"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("/thanks/")
    assert Response.objects.count() == 1
    assert not list(response.context["messages"])
