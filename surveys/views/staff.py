"""The staff pages of the surveys: the list, results, free-text answers, export and codebook."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views import View
from django.views.generic import ListView, TemplateView

from returnportal.accounts.audit import AccessLoggedMixin
from returnportal.accounts.mixins import StaffRequiredMixin
from returnportal.forms import filters_refused
from surveys.export import codebook_export, responses_export
from surveys.forms import ResultsFilterForm
from surveys.models import Answer, Response, Survey
from surveys.results import country_codes, survey_crosstab, survey_results


class SurveyStaffListView(StaffRequiredMixin, ListView):
    template_name = "surveys/survey_staff_list.html"
    context_object_name = "surveys"

    def get_queryset(self):
        return Survey.objects.order_by("-created_at")


class SurveyStaffMixin(StaffRequiredMixin):
    """Loads the survey, its questions and the filtered responses for the staff pages."""

    def setup_survey(self) -> None:
        self.survey = get_object_or_404(Survey, slug=self.kwargs["slug"])
        self.questions = list(self.survey.questions())
        responses = Response.objects.filter(survey=self.survey)
        self.filter_form = ResultsFilterForm(
            self.request.GET or None, country_codes=country_codes(responses)
        )
        self.responses = self.filter_form.apply(responses)

    def render_to_response(self, context, **response_kwargs):
        if filters_refused(self.filter_form):
            response_kwargs["status"] = 400  # the page shows why, next to each field
        return super().render_to_response(context, **response_kwargs)


class SurveyResultsView(SurveyStaffMixin, TemplateView):
    template_name = "surveys/survey_results.html"

    def get_context_data(self, **kwargs):
        self.setup_survey()
        context = super().get_context_data(**kwargs)
        total, results = survey_results(questions=self.questions, responses=self.responses)
        choice_questions = [q for q in self.questions if q.is_choice]
        by_code = {q.code: q for q in choice_questions}
        rows, columns = (
            by_code.get(self.request.GET.get("rows")),
            by_code.get(self.request.GET.get("columns")),
        )
        context.update(
            survey=self.survey,
            total=total,
            in_burst=self.responses.filter(in_burst=True).count(),
            results=results,
            filter_form=self.filter_form,
            choice_questions=choice_questions,
            crosstab=survey_crosstab(responses=self.responses, rows=rows, columns=columns)
            if rows and columns and rows != columns
            else None,
            query=self.request.GET.urlencode(),
        )
        return context


class SurveyTextAnswersView(SurveyStaffMixin, TemplateView):
    """All free-text answers to one question, a page at a time."""

    template_name = "surveys/survey_text_answers.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        self.setup_survey()
        question = next((q for q in self.questions if q.code == self.kwargs["code"]), None)
        if question is None:
            raise Http404
        answers = (
            Answer.objects.filter(response__in=self.responses, question=question)
            .exclude(text="")
            .order_by("-id")
            .values_list("text", flat=True)
        )
        page = Paginator(answers, self.paginate_by).get_page(self.request.GET.get("page"))
        params = self.request.GET.copy()
        params.pop("page", None)
        return super().get_context_data(
            survey=self.survey, question=question, page_obj=page, query=params.urlencode(), **kwargs
        )


class SurveyExportView(AccessLoggedMixin, SurveyStaffMixin, View):
    """All (filtered) responses as CSV (streamed) or .xlsx: one row per response, one column per
    answer."""

    def get(self, request, slug, file_format="csv"):
        self.setup_survey()
        if filters_refused(self.filter_form):  # never "everything" for a mistyped filter
            return render(request, "400.html", status=400)
        return responses_export(
            name=f"{self.survey.slug}-responses",
            questions=self.questions,
            responses=self.responses,
            file_format=file_format,
        )


class SurveyCodebookView(SurveyStaffMixin, View):
    """What each column and code of the responses export means, in both languages."""

    def get(self, request, slug, file_format="csv"):
        self.setup_survey()
        return codebook_export(
            name=f"{self.survey.slug}-codebook", questions=self.questions, file_format=file_format
        )
