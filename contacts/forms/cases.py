"""Staff forms about cases: the list's filters, updates, referrals and report periods."""

from datetime import datetime, time, timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.forms.fields import DateInput, StaffChoiceField, staff_users
from contacts.inbound import find_case_reference
from contacts.models import (
    Case,
    Channel,
    County,
    Institution,
    Person,
    Referral,
    Topic,
)
from returnportal.forms import FilterDateField


# Staff: cases ----------------------------------------------------------------------------------
class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *list(Case.Status.choices)]
    )
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("Any")), *list(Topic.choices)]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any")), *list(Channel.choices)]
    )
    assignee = StaffChoiceField(
        label=_("Assigned to"), required=False, queryset=None, empty_label=_("Anyone")
    )
    county = forms.ChoiceField(
        label=_("County"), required=False, choices=[("", _("Any")), *list(County.choices)]
    )
    date_from = FilterDateField(label=_("Opened from"), required=False, widget=DateInput())
    date_to = FilterDateField(label=_("Opened until"), required=False, widget=DateInput())
    answer = forms.ChoiceField(
        label=_("Answer"),
        required=False,
        choices=[
            ("", _("Any")),
            ("waiting", _("Waiting for an answer")),
            ("overdue", _("Answer overdue")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_users()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end is before the start."))
        return cleaned

    def apply(self, queryset):
        """The cases matching the valid filters (invalid ones are ignored)."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("q"):
            q = data["q"].strip()
            condition = Q(person__in=Person.objects.search(q))
            # "#12", "12", or the "[PPK-12]" of an e-mail's subject.
            number = find_case_reference(q, settings.CASE_REFERENCE_PREFIX)
            if number is None and q.lstrip("#").isdigit():
                number = int(q.lstrip("#"))
            if number is not None:
                condition |= Q(pk=number)
            queryset = queryset.filter(condition)
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("topic"):
            queryset = queryset.filter(topic_links__topic=data["topic"])
        if data.get("channel"):
            queryset = queryset.filter(
                pk__in=Case.objects.filter(contacts__channel=data["channel"]).values("pk")
            )
        if data.get("assignee"):
            queryset = queryset.filter(assignee=data["assignee"])
        if data.get("county"):
            queryset = queryset.filter(person__home_county=data["county"])
        if data.get("date_from"):
            start = timezone.make_aware(datetime.combine(data["date_from"], time.min))
            queryset = queryset.filter(created_at__gte=start)
        if data.get("date_to"):
            end = timezone.make_aware(datetime.combine(data["date_to"], time.min))
            queryset = queryset.filter(created_at__lt=end + timedelta(days=1))
        if data.get("answer"):
            queryset = queryset.exclude(status=Case.Status.CLOSED).filter(
                awaiting_answer_since__isnull=False
            )
            if data["answer"] == "overdue":
                queryset = queryset.filter(answer_due_at__lt=timezone.now())
        return queryset


class CaseUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Case.Status.choices)
    assignee = StaffChoiceField(
        label=_("Assigned to"), required=False, queryset=None, empty_label=_("Nobody")
    )
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=DateInput())
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_users()
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's form posts to the action's own URL
        self.helper.layout = Layout(
            "status",
            "assignee",
            "follow_up_on",
            "topics",
            # An id of its own: crispy's default, submit-id-submit, is the referral form's too.
            Submit("submit", _("Save the case"), css_id="submit-case"),
        )


class ReferralForm(forms.ModelForm):
    class Meta:
        model = Referral
        fields = ["institution", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.in_directory_order()
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's form posts to the action's own URL
        self.helper.layout = Layout(
            Field("institution"),
            Field("note"),
            Submit("submit", _("Refer"), css_id="submit-referral"),
        )


class ReportYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)


class QuarterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int, choices=[(q, f"Q{q}") for q in range(1, 5)]
    )
    shareable = forms.BooleanField(
        label=_("Shareable version (counts under five suppressed)"), required=False
    )
