"""The staff workspace: dashboard, quick log and people."""

import json
from itertools import chain
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView

from contacts import services
from contacts.forms import PersonForm, QuickLogForm
from contacts.merge import person_merged_into
from contacts.models import Case, Channel, Contact, Language, Person, Referral
from contacts.personal_data import person_anonymise, person_export
from returnportal import personal_data
from returnportal.accounts.audit import AccessLoggedMixin
from returnportal.accounts.mixins import StaffRequiredMixin
from returnportal.accounts.staff_nav import dashboard_panels
from returnportal.personal_data import TimelineEntry
from returnportal.views import InvalidFormIs400Mixin

SEARCH_LIMIT = 10
FOLLOW_UP_LIMIT = 30
WAITING_LIMIT = 20


def _open_cases_prefetch() -> Prefetch:
    return Prefetch(
        "cases",
        queryset=Case.objects.open().prefetch_related("topic_links").order_by("-created_at"),
        to_attr="open_case_list",
    )


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
        awaiting = Case.objects.awaiting_answer()
        waiting = list(awaiting[:WAITING_LIMIT])
        return super().get_context_data(
            today=today,
            waiting=waiting,
            waiting_count=awaiting.count(),
            due_today=[c for c in follow_ups if c.follow_up_on == today],
            overdue=[c for c in follow_ups if c.follow_up_on < today],
            follow_ups_more=due.count() - len(follow_ups),
            open_cases=open_cases.with_list_data().order_by("-created_at")[:15],
            open_case_count=open_cases.count(),
            contacts_today=[(label, by_channel.get(code, 0)) for code, label in Channel.choices],
            contacts_today_total=sum(by_channel.values()),
            # Other apps' panels (workshops: today's and this week's check-ins).
            panels=dashboard_panels(self.request),
            **kwargs,
        )


class QuickLogView(InvalidFormIs400Mixin, StaffRequiredMixin, FormView):
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


class PersonDetailView(AccessLoggedMixin, StaffRequiredMixin, DetailView):
    """A person's details, consent and one timeline of cases, contacts and referrals."""

    model = Person
    template_name = "contacts/person_detail.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.merged_into_id:
            # Old links and bookmarks lead to the record that stayed.
            return redirect(person_merged_into(self.object))
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        person = self.object
        cases = list(person.cases.prefetch_related("topic_links").select_related("assignee"))
        contacts = (
            Contact.objects.filter(case__person=person)
            .select_related("staff")
            .prefetch_related("attachments")
        )
        referrals = Referral.objects.filter(case__person=person).select_related("institution")
        timeline = sorted(
            chain(
                (TimelineEntry("case", c.created_at, c) for c in cases),
                (TimelineEntry("contact", c.occurred_at, c) for c in contacts),
                (TimelineEntry("referral", r.created_at, r) for r in referrals),
                # Registrations, survey consents: each app draws its own.
                personal_data.person_timeline(person),
            ),
            key=lambda entry: (entry.at, entry.kind != "case"),
            reverse=True,
        )
        return super().get_context_data(
            cases=cases,
            timeline=timeline,
            local_now=person.local_now(),
            workshop_register_query=_workshop_register_query(person),
            **kwargs,
        )


def _workshop_register_query(person: Person) -> str:
    """The person's details for the staff workshop registration form (it reads them as initial;
    their kind of person becomes the participant type there)."""
    return urlencode(
        {
            "name": person.name,
            "email": person.email,
            "phone": str(person.phone or ""),
            "participant_type": person.kind,
            "language": person.language,
        }
    )


class PersonUpdateView(StaffRequiredMixin, UpdateView):
    model = Person
    form_class = PersonForm
    template_name = "contacts/person_form.html"

    def get_queryset(self):
        return Person.objects.active()

    def form_valid(self, form):
        if "email" in form.changed_data:
            # A new address has not bounced yet.
            form.instance.email_undeliverable_at = None
            form.instance.email_undeliverable_reason = ""
        messages.success(self.request, _("Saved."))
        return super().form_valid(form)


class PersonExportJsonView(AccessLoggedMixin, StaffRequiredMixin, View):
    """Everything held about the person as a JSON download (right of access)."""

    def get(self, request, pk):
        person = get_object_or_404(Person, pk=pk)
        response = HttpResponse(
            json.dumps(person_export(person=person), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
        return response


class PersonExportPrintView(AccessLoggedMixin, StaffRequiredMixin, DetailView):
    """The same export as a printable page to hand over or post."""

    model = Person
    template_name = "contacts/person_export.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(export=person_export(person=self.object), **kwargs)


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
        person_anonymise(person=person)
        messages.success(request, _("The person's data was erased; the statistics remain."))
        return redirect(person.get_absolute_url())
