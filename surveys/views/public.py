"""Answering a survey page by page: the introduction, the steps, resuming, thanks."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from returnportal.ratelimits import limit_hit, log_limited, rate_limited
from surveys.answers import answers_merged
from surveys.flow import SurveyFlow
from surveys.forms import ResumeEmailForm
from surveys.models import Draft, Survey
from surveys.services import (
    DraftNotFound,
    SurveyError,
    draft_discard,
    draft_email_resume_link,
    draft_save_section,
    draft_start,
    response_submit,
)

SESSION_KEY = "surveys.drafts"
# The slugs of the surveys this session has submitted: what the draft's token did before, now
# that nothing stored may lead from the token (which the resume e-mail carried) to the answers.
SUBMITTED_KEY = "surveys.submitted"


def _public_surveys():
    return Survey.objects.exclude(status=Survey.Status.DRAFT)


def _remember(request, survey: Survey, token: str) -> None:
    tokens = dict(request.session.get(SESSION_KEY, {}))
    tokens[survey.slug] = token
    request.session[SESSION_KEY] = tokens
    request.session[SUBMITTED_KEY] = [
        slug for slug in request.session.get(SUBMITTED_KEY, []) if slug != survey.slug
    ]


def _remembered(request, survey: Survey) -> str | None:
    return request.session.get(SESSION_KEY, {}).get(survey.slug)


def _remembered_draft(request, survey: Survey) -> Draft | None:
    """The unexpired draft this session answers, if any."""
    token = _remembered(request, survey)
    return Draft.objects.active().filter(token=token, survey=survey).first() if token else None


def _forget(request, survey: Survey) -> None:
    tokens = dict(request.session.get(SESSION_KEY, {}))
    tokens.pop(survey.slug, None)
    request.session[SESSION_KEY] = tokens


def _mark_submitted(request, survey: Survey) -> None:
    """Forget the draft's token and remember only that this session sent its answers."""
    _forget(request, survey)
    submitted = request.session.get(SUBMITTED_KEY, [])
    request.session[SUBMITTED_KEY] = [*submitted, survey.slug]


def _submitted(request, survey: Survey) -> bool:
    return survey.slug in request.session.get(SUBMITTED_KEY, [])


def _rate(name: str):
    """A rate read from settings at request time (tests and deployments change it)."""
    return lambda group, request: getattr(settings, name)


class SurveyDetailView(DetailView):
    """The survey's introduction, with Start (or Continue where a draft exists)."""

    template_name = "surveys/survey_detail.html"

    def get_queryset(self):
        return _public_surveys()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["draft"] = _remembered_draft(self.request, self.object)
        context["is_open"] = self.object.is_open()
        return context

    def post(self, request, slug):
        survey = get_object_or_404(_public_surveys(), slug=slug)
        if limit_hit(request, group="surveys.start", rate=_rate("SURVEY_START_RATE")):
            return rate_limited(request, "survey_start")
        token = _remembered(request, survey)
        if token:
            # Starting again: the earlier unfinished answers are not kept.
            Draft.objects.filter(token=token, survey=survey).delete()
        try:
            draft = draft_start(survey=survey)
        except SurveyError as error:
            messages.error(request, str(error))
            return redirect(survey)
        _remember(request, survey, draft.token)
        return redirect(SurveyFlow(survey).start_url())


class SurveyCurrentView(SurveyDetailView):
    """`/survey/`: the introduction of the survey open now, or a page saying there is none."""

    def get(self, request, *args, **kwargs):
        self.object = Survey.objects.current()
        if self.object is None:
            return render(request, "surveys/survey_none.html")
        return self.render_to_response(self.get_context_data(object=self.object))

    def post(self, request, *args, **kwargs):
        survey = Survey.objects.current()
        if survey is None:
            return redirect("surveys:current")
        return super().post(request, slug=survey.slug)


class SurveyStepView(TemplateView):
    """One section of questions (or the last, consent step) a page; the draft keeps the answers."""

    template_name = "surveys/survey_step.html"

    def dispatch(self, request, *args, **kwargs):
        self.survey = get_object_or_404(_public_surveys(), slug=kwargs["slug"])
        if not self.survey.is_open():
            return redirect(self.survey)
        self.draft = _remembered_draft(request, self.survey)
        if self.draft is None:
            if _submitted(request, self.survey):
                return redirect("surveys:thanks", slug=self.survey.slug)
            messages.info(request, _("Please start the survey here."))
            return redirect(self.survey)
        self.flow = SurveyFlow(self.survey)
        self.step = self.flow.step(kwargs["step"])
        if self.step is None:
            raise Http404
        if self.step.number > self.draft.step:
            return redirect(self.flow.url(self.draft.step))
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return self.step.get_form(data, answers=self.draft.data)

    def previous_step(self):
        return self.flow.previous(self.step, self.draft.data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        previous = self.previous_step()
        context.update(
            survey=self.survey,
            section=self.step.section,
            step=self.step.number,
            step_count=len(self.flow),
            previous_step=previous.number if previous else None,
            is_last=self.flow.is_last(self.step, self.draft.data),
            resume_url=self.request.build_absolute_uri(self.draft.get_absolute_url()),
            expires_at=self.draft.expires_at,
        )
        context.setdefault("form", self.get_form())
        return context

    def get(self, request, *args, **kwargs):
        data = self.draft.data
        if not self.step.applies(data):
            following = self.flow.next(self.step, data) or self.previous_step()
            return redirect(following or self.flow.start_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        going_back = "back" in request.POST
        # Back never submits, and contact details are never kept in the draft.
        if going_back and (self.step.is_consent or not form.is_valid()):
            return redirect(self.previous_step() or self.step)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if self.step.is_consent:
            return self._submit(contact=form.cleaned_data)
        questions = self.step.questions
        answers = form.section_answers()
        next_step = self.flow.next(self.step, answers_merged(self.draft.data, questions, answers))
        draft_save_section(
            draft=self.draft,
            questions=questions,
            answers=answers,
            reached_step=(next_step or self.step).number,
        )
        if not self.flow.is_eligible(self.draft.data):
            draft_discard(draft=self.draft)
            _forget(request, self.survey)
            return redirect("surveys:not_eligible", slug=self.survey.slug)
        if going_back:
            return redirect(self.previous_step() or self.step)
        if next_step is None:
            return self._submit(contact=None)
        return redirect(next_step)

    def _submit(self, *, contact: dict | None) -> HttpResponseRedirect:
        missing = self.flow.incomplete(self.draft.data)
        if missing is not None:
            messages.error(self.request, _("Please answer the required questions on this page."))
            return redirect(missing)
        if limit_hit(self.request, group="surveys.submit", rate=_rate("SURVEY_SUBMIT_RATE")):
            return rate_limited(self.request, "survey_submit")
        # Counted in the cache only (a window's counter), so the response keeps just the flag.
        in_burst = limit_hit(self.request, group="surveys.burst", rate=_rate("SURVEY_BURST_RATE"))
        try:
            response_submit(
                draft=self.draft,
                language=translation.get_language() or "pl",
                contact=contact,
                in_burst=in_burst,
            )
        except DraftNotFound:
            # The draft was here when this request began: a second click of Send took it.
            pass
        except SurveyError as error:
            messages.error(self.request, str(error))
            return redirect(self.survey)
        _mark_submitted(self.request, self.survey)
        return redirect("surveys:thanks", slug=self.survey.slug)


class SurveyResumeEmailView(View):
    """Send this session's resume link to an address the respondent types."""

    def post(self, request, slug):
        survey = get_object_or_404(_public_surveys(), slug=slug)
        if limit_hit(request, group="surveys.start", rate=_rate("SURVEY_START_RATE")):
            return rate_limited(request, "survey_start")
        draft = _remembered_draft(request, survey)
        if draft is None:
            return redirect(survey)
        form = ResumeEmailForm(request.POST)
        # Past the rate the respondent stays on their page: the link can be copied instead.
        if limit_hit(request, group="surveys.resume_email", rate="5/h"):
            log_limited(request, "survey_resume_email")
            messages.error(
                request, _("Too many e-mails were asked for. Please copy the link instead.")
            )
        elif form.is_valid():
            draft_email_resume_link(
                draft=draft,
                email=form.cleaned_data["email"],
                language=translation.get_language() or "pl",
            )
            messages.success(request, _("We have sent the link. Check your inbox."))
        else:
            messages.error(request, _("Enter a valid e-mail address to get the link."))
        return redirect(SurveyFlow(survey).url(draft.step))


class SurveyResumeView(View):
    """The resume link: puts the draft back into this browser's session."""

    def get(self, request, slug, token):
        survey = get_object_or_404(_public_surveys(), slug=slug)
        draft = Draft.objects.active().filter(token=token, survey=survey).first()
        if draft is None:
            if _submitted(request, survey):
                return redirect("surveys:thanks", slug=survey.slug)
            return render(
                request, "surveys/survey_resume_invalid.html", {"survey": survey}, status=404
            )
        _remember(request, survey, draft.token)
        return redirect(SurveyFlow(survey).url(draft.step))


class SurveyThanksView(DetailView):
    template_name = "surveys/survey_thanks.html"

    def get_queryset(self):
        return _public_surveys()


class SurveyNotEligibleView(DetailView):
    template_name = "surveys/survey_not_eligible.html"

    def get_queryset(self):
        return _public_surveys()
