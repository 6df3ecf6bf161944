"""The staff workspace: people, their timeline, export and erasure."""

import json
from itertools import chain
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, UpdateView

from contacts.forms import PersonForm
from contacts.merge import person_merged_into
from contacts.models import Contact, Person, Referral
from contacts.personal_data import person_anonymise, person_export
from returnportal import personal_data
from returnportal.accounts.audit import AccessLoggedMixin
from returnportal.accounts.mixins import StaffRequiredMixin
from returnportal.personal_data import TimelineEntry


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
