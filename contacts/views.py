"""The public "ask us" form and directory, and the staff workspace under /staff/."""

import csv
import json
from itertools import chain

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView
from django_ratelimit.decorators import ratelimit

from contacts import reports, services
from contacts.forms import (
    CaseFilterForm,
    CaseUpdateForm,
    PersonForm,
    PublicQuestionForm,
    QuarterForm,
    QuickLogForm,
    ReferralForm,
    ReportYearForm,
    new_form_token,
)
from contacts.models import Case, Channel, Contact, Institution, Language, Person, Referral
from returnportal.accounts.mixins import StaffRequiredMixin

SEARCH_LIMIT = 10
FOLLOW_UP_LIMIT = 30


def _open_cases_prefetch() -> Prefetch:
    return Prefetch(
        "cases",
        queryset=Case.objects.open().prefetch_related("topic_links").order_by("-created_at"),
        to_attr="open_case_list",
    )


def privacy_url() -> str:
    """The privacy notice in the current language (owned by the pages app)."""
    try:
        return reverse("pages:privacy")
    except NoReverseMatch:
        language = translation.get_language() or settings.LANGUAGE_CODE
        prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
        return f"{prefix}/privacy/"


# Public ----------------------------------------------------------------------------------------
@method_decorator(
    ratelimit(
        key="ip",
        rate=lambda group, request: getattr(settings, "CONTACTS_FORM_RATE", "5/h"),
        method="POST",
        block=False,
    ),
    name="post",
)
class ContactFormView(FormView):
    """Ask the contact point a question: opens a case and e-mails both sides."""

    form_class = PublicQuestionForm
    template_name = "contacts/contact_form.html"

    def get_initial(self):
        return {"form_token": new_form_token(), "language": translation.get_language()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(privacy_url=privacy_url(), **kwargs)

    def post(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            return render(request, "contacts/rate_limited.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if not form.is_spam:
            data = form.cleaned_data
            try:
                services.case_submit_public_question(
                    name=data["name"],
                    email=data["email"],
                    phone=str(data["phone"] or ""),
                    language=data["language"],
                    topic=data["topic"],
                    message=data["message"],
                    form_token=data["form_token"],
                )
            except services.ContactsError as exc:
                form.add_error(None, str(exc))
                return self.form_invalid(form)
        return redirect("contacts:contact_thanks")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ContactThanksView(TemplateView):
    template_name = "contacts/contact_thanks.html"


class InstitutionListView(ListView):
    """Where to get help: the regional institutions, grouped by kind."""

    template_name = "contacts/institution_list.html"
    context_object_name = "institutions"

    def get_queryset(self):
        return Institution.objects.published().in_directory_order()


# Staff: dashboard and quick log ----------------------------------------------------------------
class DashboardView(StaffRequiredMixin, TemplateView):
    template_name = "contacts/dashboard.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        due = Case.objects.follow_ups_due(user=self.request.user, on=today)
        # The oldest first; a backlog beyond this shows as a count, not a page of thousands.
        follow_ups = list(due[:FOLLOW_UP_LIMIT])
        by_channel = dict(
            Contact.objects.on_day(today).values_list("channel").annotate(n=Count("pk")).order_by()
        )
        open_cases = Case.objects.open()
        return super().get_context_data(
            today=today,
            due_today=[c for c in follow_ups if c.follow_up_on == today],
            overdue=[c for c in follow_ups if c.follow_up_on < today],
            follow_ups_more=due.count() - len(follow_ups),
            open_cases=open_cases.with_list_data().order_by("-created_at")[:15],
            open_case_count=open_cases.count(),
            contacts_today=[(label, by_channel.get(code, 0)) for code, label in Channel.choices],
            contacts_today_total=sum(by_channel.values()),
            **kwargs,
        )


class QuickLogView(StaffRequiredMixin, FormView):
    """Log a contact in progress; back to an empty form with a confirmation."""

    form_class = QuickLogForm
    template_name = "contacts/quick_log.html"

    def get_selected_person(self) -> Person | None:
        pk = self.request.POST.get("person") or self.request.GET.get("person")
        if pk and str(pk).isdigit():
            return Person.objects.active().filter(pk=pk).first()
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "person": self.get_selected_person()}

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        matches = (
            list(
                Person.objects.search(query).prefetch_related(_open_cases_prefetch())[:SEARCH_LIMIT]
            )
            if query
            else None
        )
        return super().get_context_data(query=query, matches=matches, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        new_person = None
        if data["is_new_person"]:
            new_person = {
                "name": data["new_name"],
                "email": data["new_email"],
                "phone": str(data["new_phone"] or ""),
                "language": data["new_language"] or Language.POLISH,
                "kind": data["new_kind"] or Person.Kind.MIGRANT,
            }
        try:
            contact = services.case_log_contact(
                case=data["case_obj"],
                person=data["person"],
                new_person=new_person,
                consent=data["consent"],
                topics=data["topics"],
                channel=data["channel"],
                direction=data["direction"],
                summary=data["summary"],
                duration_minutes=data["duration_minutes"],
                follow_up_on=data["follow_up_on"],
                status=data["status"],
                staff=self.request.user,
                form_token=data["form_token"],
            )
        except services.ContactsError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Logged: %(channel)s, case #%(pk)s.")
            % {"channel": contact.get_channel_display(), "pk": contact.case_id},
        )
        return redirect("contacts:quick_log")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PersonSearchView(StaffRequiredMixin, View):
    """Type-ahead: people matching ?q= with their open cases, as JSON."""

    def get(self, request):
        query = request.GET.get("q", "").strip()
        people = (
            Person.objects.search(query).prefetch_related(_open_cases_prefetch())[:SEARCH_LIMIT]
            if len(query) >= 2
            else []
        )
        return JsonResponse(
            {
                "results": [
                    {
                        "id": person.pk,
                        "name": person.name,
                        "email": person.email,
                        "phone": person.phone.as_international if person.phone else "",
                        "kind": person.get_kind_display(),
                        "url": person.get_absolute_url(),
                        "open_cases": [
                            {
                                "id": case.pk,
                                "label": f"{case} · {', '.join(map(str, case.topic_labels))}",
                            }
                            for case in person.open_case_list
                        ],
                    }
                    for person in people
                ]
            }
        )


# Staff: people ---------------------------------------------------------------------------------
class PersonListView(StaffRequiredMixin, ListView):
    """Find a person (the search without JavaScript)."""

    template_name = "contacts/person_list.html"
    context_object_name = "people"
    paginate_by = 25

    def get_queryset(self):
        query = self.request.GET.get("q", "").strip()
        if query:
            return Person.objects.search(query)
        return Person.objects.active().order_by("-last_activity_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.request.GET.get("q", "").strip(), **kwargs)


class PersonDetailView(StaffRequiredMixin, DetailView):
    """A person's details, consent and one timeline of cases, contacts and referrals."""

    model = Person
    template_name = "contacts/person_detail.html"

    def get_context_data(self, **kwargs):
        person = self.object
        cases = list(person.cases.prefetch_related("topic_links").select_related("assignee"))
        contacts = Contact.objects.filter(case__person=person).select_related("staff")
        referrals = Referral.objects.filter(case__person=person).select_related("institution")
        timeline = sorted(
            chain(
                (("case", c.created_at, c) for c in cases),
                (("contact", c.occurred_at, c) for c in contacts),
                (("referral", r.created_at, r) for r in referrals),
            ),
            key=lambda item: (item[1], item[0] != "case"),
            reverse=True,
        )
        return super().get_context_data(
            cases=cases,
            timeline=[{"kind": k, "at": at, "item": item} for k, at, item in timeline],
            local_now=person.local_now(),
            **kwargs,
        )


class PersonUpdateView(StaffRequiredMixin, UpdateView):
    model = Person
    form_class = PersonForm
    template_name = "contacts/person_form.html"

    def get_queryset(self):
        return Person.objects.active()

    def form_valid(self, form):
        messages.success(self.request, _("Saved."))
        return super().form_valid(form)


class PersonExportJsonView(StaffRequiredMixin, View):
    """Everything held about the person as a JSON download (right of access)."""

    def get(self, request, pk):
        person = get_object_or_404(Person, pk=pk)
        response = HttpResponse(
            json.dumps(services.person_export(person=person), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
        return response


class PersonExportPrintView(StaffRequiredMixin, DetailView):
    """The same export as a printable page to hand over or post."""

    model = Person
    template_name = "contacts/person_export.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(export=services.person_export(person=self.object), **kwargs)


class PersonEraseView(StaffRequiredMixin, DetailView):
    """Confirm, then anonymise the person; their contacts stay counted."""

    model = Person
    template_name = "contacts/person_erase.html"

    def get_queryset(self):
        return Person.objects.active()

    def post(self, request, pk):
        person = get_object_or_404(Person.objects.active(), pk=pk)
        if request.POST.get("confirm") != "yes":
            self.object = person
            context = self.get_context_data(
                object=person, error=_("Tick the box to confirm the erasure.")
            )
            return self.render_to_response(context, status=400)
        services.person_anonymise(person=person)
        messages.success(request, _("The person's data was erased; the statistics remain."))
        return redirect(person.get_absolute_url())


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


class _Echo:
    def write(self, value):
        return value


class CaseExportCsvView(StaffRequiredMixin, View):
    """Exactly the filtered cases as CSV, streamed row by row."""

    def get(self, request):
        _form, queryset = _filtered_cases(request)
        writer = csv.writer(_Echo())
        header = [
            _("case"),
            _("opened"),
            _("status"),
            _("topics"),
            _("person"),
            _("kind"),
            _("county"),
            _("assigned to"),
            _("follow up on"),
            _("contacts"),
            _("last contact"),
        ]

        def rows():
            yield writer.writerow(header)
            for case in queryset.iterator(chunk_size=1000):
                person = case.person
                yield writer.writerow(
                    [
                        case.pk,
                        timezone.localtime(case.created_at).strftime("%Y-%m-%d %H:%M"),
                        case.status,
                        " ".join(case.topics),
                        person.pk if person else "",
                        person.kind if person else "",
                        person.home_county if person else "",
                        case.assignee.get_username() if case.assignee else "",
                        case.follow_up_on.isoformat() if case.follow_up_on else "",
                        case.contact_count,
                        timezone.localtime(case.last_contact_at).strftime("%Y-%m-%d %H:%M")
                        if case.last_contact_at
                        else "",
                    ]
                )

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="cases.csv"'
        return response


class CaseDetailView(StaffRequiredMixin, DetailView):
    template_name = "contacts/case_detail.html"

    def get_queryset(self):
        return Case.objects.select_related("person", "assignee").prefetch_related(
            "topic_links",
            Prefetch("contacts", queryset=Contact.objects.select_related("staff")),
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
        return super().get_context_data(outcome_choices=Referral.Outcome.choices, **kwargs)

    def post(self, request, pk):
        self.object = case = get_object_or_404(self.get_queryset(), pk=pk)
        action = request.POST.get("action")
        if action == "update":
            form = CaseUpdateForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(update_form=form), status=400)
            services.case_update(
                case=case,
                status=form.cleaned_data["status"],
                assignee=form.cleaned_data["assignee"],
                follow_up_on=form.cleaned_data["follow_up_on"],
                topics=form.cleaned_data["topics"],
            )
            messages.success(request, _("The case was saved."))
        elif action == "refer":
            form = ReferralForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(
                    self.get_context_data(referral_form=form), status=400
                )
            services.referral_create(
                case=case,
                institution=form.cleaned_data["institution"],
                note=form.cleaned_data["note"],
                staff=request.user,
            )
            messages.success(request, _("The referral was recorded."))
        elif action == "outcome":
            referral = get_object_or_404(case.referrals, pk=request.POST.get("referral") or 0)
            try:
                services.referral_set_outcome(
                    referral=referral, outcome=request.POST.get("outcome", "")
                )
            except services.ContactsError as exc:
                messages.error(request, str(exc))
                return redirect(case.get_absolute_url())
            messages.success(request, _("The outcome was saved."))
        else:
            return HttpResponse(status=400)
        return redirect(case.get_absolute_url())


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
        if request.GET.get("format") == "csv":
            return reports.monthly_csv_response(report)
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
        if request.GET.get("format") == "csv":
            return reports.quarterly_csv_response(report, shareable=params["shareable"])
        rows = [
            (section, [(i.label, i.shown(shareable=params["shareable"])) for i in indicators])
            for section, indicators in report.sections
        ]
        query = request.GET.copy()
        query["format"] = "csv"
        context = self.get_context_data(
            form=form,
            report=report,
            rows=rows,
            shareable=params["shareable"],
            csv_query=query.urlencode(),
            **kwargs,
        )
        status = 400 if form.is_bound and not form.is_valid() else 200
        return self.render_to_response(context, status=status)
