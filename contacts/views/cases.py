"""The staff workspace: cases and reports."""

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from contacts import reports, services
from contacts.correspondence import case_reply_preview, case_reply_send, reply_template_text
from contacts.export import case_export_response
from contacts.forms import (
    CaseFilterForm,
    CaseUpdateForm,
    QuarterForm,
    ReferralForm,
    ReplyForm,
    ReportYearForm,
    reply_initial,
)
from contacts.models import Case, Contact, ContactAttachment, Referral
from returnportal.accounts.audit import AccessLoggedMixin
from returnportal.accounts.mixins import StaffRequiredMixin
from returnportal.csv_export import export_format
from returnportal.forms import filters_refused


# Staff: cases ----------------------------------------------------------------------------------
def _filtered_cases(request):
    form = CaseFilterForm(request.GET or None)
    return form, form.apply(Case.objects.with_list_data()).order_by("-created_at", "-pk")


class CaseListView(StaffRequiredMixin, ListView):
    template_name = "contacts/case_list.html"
    context_object_name = "cases"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form, queryset = _filtered_cases(self.request)
        return queryset

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=self.filter_form, querystring=query.urlencode(), **kwargs
        )

    def render_to_response(self, context, **response_kwargs):
        if filters_refused(self.filter_form):
            response_kwargs["status"] = 400  # the page shows why, next to each field
        return super().render_to_response(context, **response_kwargs)


class CaseExportView(AccessLoggedMixin, StaffRequiredMixin, View):
    """Exactly the filtered cases as CSV (streamed row by row) or .xlsx."""

    def get(self, request, file_format="csv"):
        form = CaseFilterForm(request.GET or None)
        if filters_refused(form):  # never "everything" for a mistyped filter
            return render(request, "400.html", status=400)
        return case_export_response(form, file_format=file_format)


class CaseDetailView(AccessLoggedMixin, StaffRequiredMixin, DetailView):
    template_name = "contacts/case_detail.html"

    def get_queryset(self):
        # The e-mail thread in a fixed number of queries: the outbox row joined (without its
        # bodies, which the page does not show), the attachments in one more query.
        contacts = (
            Contact.objects.select_related("staff", "outgoing_email")
            .defer(
                "outgoing_email__body_text",
                "outgoing_email__body_html",
                "outgoing_email__attachments",
                "outgoing_email__headers",
            )
            .prefetch_related("attachments")
        )
        return Case.objects.select_related("person", "assignee").prefetch_related(
            "topic_links",
            Prefetch("contacts", queryset=contacts),
            Prefetch("referrals", queryset=Referral.objects.select_related("institution")),
        )

    def get_context_data(self, **kwargs):
        case = self.object
        kwargs.setdefault(
            "update_form",
            CaseUpdateForm(
                initial={
                    "status": case.status,
                    "assignee": case.assignee_id,
                    "follow_up_on": case.follow_up_on,
                    "topics": case.topics,
                }
            ),
        )
        kwargs.setdefault("referral_form", ReferralForm())
        kwargs.setdefault("reply_form", ReplyForm(case=case, initial=reply_initial(case)))
        person = case.person
        return super().get_context_data(
            outcome_choices=Referral.Outcome.choices,
            can_email=person is not None and bool(person.email),
            **kwargs,
        )


class CasePostView(CaseDetailView):
    """One form of the case page, posted to its own URL: `form_valid` acts and the page
    follows, or the page comes again with the form's errors (400)."""

    http_method_names = ["post"]
    form_class: type[forms.Form]
    form_name: str  # the form's name in the case page's context

    def post(self, request, pk):
        self.object = get_object_or_404(self.get_queryset(), pk=pk)
        form = self.form_class(request.POST)
        if not form.is_valid():
            context = self.get_context_data(**{self.form_name: form})
            return self.render_to_response(context, status=400)
        self.form_valid(form)
        return redirect(self.object.get_absolute_url())


class CaseUpdateView(CasePostView):
    """Status, assignee, follow-up date and topics of the case."""

    form_class = CaseUpdateForm
    form_name = "update_form"

    def form_valid(self, form):
        services.case_update(
            case=self.object,
            status=form.cleaned_data["status"],
            assignee=form.cleaned_data["assignee"],
            follow_up_on=form.cleaned_data["follow_up_on"],
            topics=form.cleaned_data["topics"],
        )
        messages.success(self.request, _("The case was saved."))


class CaseReferView(CasePostView):
    """Refer the case to an institution."""

    form_class = ReferralForm
    form_name = "referral_form"

    def form_valid(self, form):
        services.referral_create(
            case=self.object,
            institution=form.cleaned_data["institution"],
            note=form.cleaned_data["note"],
            staff=self.request.user,
        )
        messages.success(self.request, _("The referral was recorded."))


class CaseOutcomeView(CaseDetailView):
    """What came of one of the case's referrals; a refused outcome is a message on the page."""

    http_method_names = ["post"]

    def post(self, request, pk):
        case = get_object_or_404(self.get_queryset(), pk=pk)
        referral = get_object_or_404(case.referrals, pk=request.POST.get("referral") or 0)
        try:
            services.referral_set_outcome(
                referral=referral, outcome=request.POST.get("outcome", "")
            )
        except services.ContactsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The outcome was saved."))
        return redirect(case.get_absolute_url())


class CaseReplyView(CaseDetailView):
    """Answer the case by e-mail: fill in a saved answer, preview, or send and go back.

    Filling in and preview show the case page again with the form; sending redirects to it.
    """

    http_method_names = ["post"]

    def post(self, request, pk):
        self.object = case = get_object_or_404(self.get_queryset(), pk=pk)
        intent = request.POST.get("intent", ReplyForm.SEND)
        if intent not in (ReplyForm.USE_TEMPLATE, ReplyForm.PREVIEW, ReplyForm.SEND):
            return HttpResponse(status=400)
        form = ReplyForm(request.POST, case=case, intent=intent)
        if not form.is_valid():
            return self.show(form, status=400)
        data = form.cleaned_data
        if intent == ReplyForm.USE_TEMPLATE:
            template = data["template"]
            form = ReplyForm(
                case=case,
                initial={
                    "template": template.pk,
                    "language": template.language,
                    "subject": template.subject or reply_initial(case)["subject"],
                    "body": reply_template_text(template=template, person=case.person),
                },
            )
            # The keyboard carries on in the text, which is what gets edited next.
            form.fields["body"].widget.attrs["autofocus"] = True
            return self.show(form)
        reply = {
            "case": case,
            "subject": data["subject"],
            "body": data["body"],
            "language": data["language"],
            "staff": request.user,
        }
        if intent == ReplyForm.PREVIEW:
            return self.show(form, reply_preview=case_reply_preview(**reply))
        try:
            contact = case_reply_send(**reply, form_token=data["form_token"])
        except services.ContactsError as exc:
            form.add_error(None, str(exc))
            return self.show(form, status=400)
        messages.success(
            request,
            _("The reply to %(address)s is in the outbox and goes out in a moment.")
            % {"address": contact.email_address},
        )
        return redirect(case.get_absolute_url())

    def show(self, form: ReplyForm, *, status: int = 200, **context) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(reply_form=form, **context), status=status
        )


class AttachmentDownloadView(AccessLoggedMixin, StaffRequiredMixin, View):
    """A file that came with an e-mail, as a download no browser shows, sniffs or runs."""

    def get(self, request, pk):
        attachment = get_object_or_404(ContactAttachment, pk=pk)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404(_("The file is missing.")) from exc
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.filename,
            content_type="application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        # Opened in a tab anyway, the file runs no script and reaches nothing of the portal.
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        response["Cache-Control"] = "no-store"
        return response


# Staff: reports --------------------------------------------------------------------------------
class MonthlyReportView(StaffRequiredMixin, TemplateView):
    """Contacts by channel and by topic per month of a year: table, chart and CSV."""

    template_name = "contacts/report_monthly.html"

    def get(self, request, *args, **kwargs):
        form = ReportYearForm(request.GET or None)
        year = timezone.localdate().year
        if form.is_valid() and form.cleaned_data["year"]:
            year = form.cleaned_data["year"]
        report = reports.monthly(year=year)
        if file_format := export_format(request.GET.get("format")):
            return reports.monthly_export_response(report, file_format=file_format)
        context = self.get_context_data(
            form=form,
            report=report,
            chart=reports.bar_chart(report),
            previous_year=year - 1,
            next_year=year + 1,
            **kwargs,
        )
        return self.render_to_response(context)


class QuarterlyReportView(StaffRequiredMixin, TemplateView):
    """Indicators per quarter for the funder; the shareable version hides counts under five."""

    template_name = "contacts/report_quarterly.html"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        current = {"year": today.year, "quarter": (today.month - 1) // 3 + 1}
        form = QuarterForm(request.GET or None, initial=current)
        params = form.cleaned_data if form.is_valid() else {**current, "shareable": False}
        report = reports.quarterly(year=params["year"], quarter=params["quarter"])
        if file_format := export_format(request.GET.get("format")):
            return reports.quarterly_export_response(
                report, shareable=params["shareable"], file_format=file_format
            )
        rows = [
            (section, [(i.label, i.shown(shareable=params["shareable"])) for i in indicators])
            for section, indicators in report.sections
        ]
        query = request.GET.copy()
        query["format"] = "csv"
        csv_query = query.urlencode()
        query["format"] = "xlsx"
        context = self.get_context_data(
            form=form,
            report=report,
            rows=rows,
            shareable=params["shareable"],
            csv_query=csv_query,
            xlsx_query=query.urlencode(),
            **kwargs,
        )
        status = 400 if form.is_bound and not form.is_valid() else 200
        return self.render_to_response(context, status=status)
