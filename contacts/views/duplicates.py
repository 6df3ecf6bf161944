"""The staff workspace: likely duplicates, and merging two records of one person."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from contacts import merge
from contacts.models import Person
from returnportal.accounts.audit import AccessLoggedMixin
from returnportal.accounts.mixins import StaffRequiredMixin
from returnportal.views import InvalidFormIs400Mixin


def merge_display(person: Person, key: str) -> str:
    """A choice's value on `person` as staff read it; "—" for none."""
    match key:
        case "phone":
            value = person.phone.as_international if person.phone else ""
        case "language" | "kind" | "home_county":
            value = getattr(person, f"get_{key}_display")() if getattr(person, key) else ""
        case "country":
            value = person.country.name if person.country else ""
        case "months_away":
            value = "" if person.months_away is None else str(person.months_away)
        case "return":
            month = f"{person.return_month:02d}/" if person.return_month else ""
            value = f"{month}{person.return_year}" if person.return_year else month.rstrip("/")
        case "consent":
            value = (
                _("given %(when)s through %(channel)s, notice %(version)s")
                % {
                    "when": date_format(person.consent_given_at, "SHORT_DATE_FORMAT"),
                    "channel": person.get_consent_channel_display() or "—",
                    "version": person.consent_notice_version or "—",
                }
                if person.consent_given_at
                else ""
            )
        case _:
            value = str(getattr(person, key) or "")
    return value or "—"


class PersonMergeForm(forms.Form):
    """Per detail of the two records, whose value stays; only where the two differ."""

    def __init__(self, *args, keep: Person, discard: Person, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for key, label in merge.MERGE_LABELS.items():
            values = (merge_display(keep, key), merge_display(discard, key))
            if merge.merge_value(keep, key) == merge.merge_value(discard, key):
                self.rows.append({"label": label, "values": values, "field": None})
                continue
            self.fields[key] = forms.ChoiceField(
                label=label,
                choices=[(merge.KEEP, values[0]), (merge.DISCARD, values[1])],
                initial=merge.merge_default(keep, discard, key),
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            self.rows.append({"label": label, "values": values, "field": self[key]})


class PersonMergeMixin(StaffRequiredMixin, PermissionRequiredMixin):
    """Staff who may change people; the two people from the URL, or 404."""

    permission_required = "contacts.change_person"

    def load_people(self) -> None:
        self.keep = get_object_or_404(Person, pk=self.kwargs["pk"])
        self.discard = get_object_or_404(Person, pk=self.kwargs["other_pk"])


class PersonDuplicatesView(StaffRequiredMixin, TemplateView):
    """People who may be one person twice, with a link to compare and merge each pair."""

    template_name = "contacts/person_duplicates.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pairs=merge.duplicate_pairs(limit=merge.DUPLICATES_LIMIT),
            limit=merge.DUPLICATES_LIMIT,
            **kwargs,
        )


class PersonMergeView(AccessLoggedMixin, InvalidFormIs400Mixin, PersonMergeMixin, FormView):
    """The two records side by side: choose what stays, see what moves, merge."""

    form_class = PersonMergeForm
    template_name = "contacts/person_merge.html"

    def get(self, request, *args, **kwargs):
        self.load_people()
        return self.refusal() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.load_people()
        return self.refusal() or super().post(request, *args, **kwargs)

    def refusal(self) -> HttpResponse | None:
        """When these two cannot be merged: the reason, no merge button, status 400.

        The merge checks again under its locks, for a clerk who got there first meanwhile.
        """
        try:
            merge.person_merge_check(keep=self.keep, discard=self.discard)
        except merge.PersonMergeError as exc:
            context = self.get_context_data(refusal=str(exc), form=None)
            return self.render_to_response(context, status=400)
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "keep": self.keep, "discard": self.discard}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(keep=self.keep, discard=self.discard, **kwargs)
        if "refusal" not in context:
            context["moves"] = merge.merge_moves(self.discard)
        return context

    def form_valid(self, form):
        try:
            kept = merge.person_merge(
                keep=self.keep,
                discard=self.discard,
                choices=form.cleaned_data,
                staff=self.request.user,
            )
        except merge.PersonMergeError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Merged: person #%(merged)s is now part of this record.")
            % {"merged": self.discard.pk},
        )
        return redirect(kept.get_absolute_url())
