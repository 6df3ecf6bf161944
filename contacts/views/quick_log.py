"""The quick log: a contact logged while it happens, and the type-ahead that finds the person."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from contacts import services
from contacts.forms import QuickLogForm
from contacts.models import Case, Language, Person
from returnportal.accounts.mixins import StaffRequiredMixin
from returnportal.views import InvalidFormIs400Mixin

SEARCH_LIMIT = 10


def _open_cases_prefetch() -> Prefetch:
    return Prefetch(
        "cases",
        queryset=Case.objects.open().prefetch_related("topic_links").order_by("-created_at"),
        to_attr="open_case_list",
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
