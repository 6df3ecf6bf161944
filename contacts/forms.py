"""Forms of the public "ask us" page and of the staff workspace."""

import re
import zoneinfo
from datetime import datetime, time, timedelta

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from contacts.inbound import find_case_reference
from contacts.models import (
    Case,
    Channel,
    County,
    Direction,
    Institution,
    Language,
    Person,
    Referral,
    ReplyTemplate,
    Topic,
)
from returnportal.accounts.roles import CONTACT_POINT_STAFF
from returnportal.email_address import normalise_email
from returnportal.form_tokens import FormTokenField
from returnportal.forms import FilterDateField
from returnportal.validators import validate_person_name


def staff_users():
    """Users who may hold a case: the contact point's staff and superusers."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=CONTACT_POINT_STAFF) | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


# Public ----------------------------------------------------------------------------------------
class PublicQuestionForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        required=False,
        validators=[validate_person_name],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Give an e-mail address or a phone number (or both) so that we can answer."),
    )
    phone = PhoneNumberField(
        label=_("Phone"),
        region="PL",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        help_text=_("A number abroad needs its country code, e.g. +44."),
    )
    language = forms.ChoiceField(
        label=_("Answer me in"), choices=Language.choices, widget=forms.RadioSelect
    )
    topic = forms.ChoiceField(label=_("What is it about?"), choices=Topic.choices)
    message = forms.CharField(
        label=_("Your question"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my data is used to answer me."),
        error_messages={"required": _("We can only answer if you agree to the privacy notice.")},
    )
    # A field people do not see; bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_token = FormTokenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "contact-form"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            "name",
            "email",
            "phone",
            "language",
            "topic",
            "message",
            "consent",
            Div("website", css_class="d-none", aria_hidden="true"),
            "form_token",
            Submit("submit", _("Send the question")),
        )

    def clean(self):
        cleaned = super().clean()
        missing = not cleaned.get("email") and not cleaned.get("phone")
        if missing and not self.has_error("email") and not self.has_error("phone"):
            self.add_error(
                "email",
                forms.ValidationError(
                    _("Give an e-mail address or a phone number."), code="no_contact"
                ),
            )
        return cleaned

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


# Staff: people ---------------------------------------------------------------------------------
class PersonForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)

    class Meta:
        model = Person
        fields = [
            "name",
            "email",
            "phone",
            "language",
            "kind",
            "country",
            "time_zone",
            "stay_countries",
            "months_away",
            "return_month",
            "return_year",
            "home_county",
        ]
        widgets = {"stay_countries": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(_("Who"), "name", "email", "phone", "language", "kind"),
            Fieldset(_("Where"), "country", "time_zone", "home_county"),
            Fieldset(
                _("Time abroad"), "stay_countries", "months_away", "return_month", "return_year"
            ),
            Submit("submit", _("Save")),
        )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])


class QuickLogForm(forms.Form):
    """One call, e-mail or visit in progress: who, which case, what about, what next."""

    NEW_CASE = "new"

    person = forms.ModelChoiceField(
        queryset=Person.objects.active(), required=False, widget=forms.HiddenInput
    )
    new_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    new_email = forms.EmailField(label=_("E-mail"), required=False)
    new_phone = PhoneNumberField(
        label=_("Phone"), region="PL", required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    # Not required: the page leaves these out once a known person is picked.
    new_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=Language.choices,
        initial=Language.POLISH,
        required=False,
    )
    new_kind = forms.ChoiceField(
        label=_("Kind"), choices=Person.Kind.choices, initial=Person.Kind.MIGRANT, required=False
    )
    consent = forms.BooleanField(label=_("The person agreed to the privacy notice"), required=False)
    case = forms.ChoiceField(
        label=_("Case"), widget=forms.RadioSelect, initial=NEW_CASE, required=False
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[c for c in Channel.choices if c[0] != Channel.WEB_FORM],
        initial=Channel.PHONE,
        widget=forms.RadioSelect,
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=Direction.choices,
        initial=Direction.IN,
        widget=forms.RadioSelect,
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=0, max_value=600
    )
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=DateInput())
    form_token = FormTokenField()
    status = forms.ChoiceField(
        label=_("Case status after this contact"),
        choices=[("", _("Open (unchanged)")), *list(Case.Status.choices)],
        required=False,
    )

    def __init__(self, *args, person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.selected_person = person
        self.open_cases = list(
            person.cases.open().prefetch_related("topic_links").order_by("-created_at")[:20]
            if person
            else []
        )
        # The latest open case first: it is the default and where the keyboard lands.
        self.fields["case"].choices = [
            (str(case.pk), f"{case} · {', '.join(map(str, case.topic_labels))}")
            for case in self.open_cases
        ] + [(self.NEW_CASE, _("Open a new case"))]
        if person is not None:
            self.fields["person"].initial = person.pk
            # The search put the person here; the keyboard carries on at the case.
            self.fields["case"].widget.attrs["autofocus"] = True
            if self.open_cases:
                self.fields["case"].initial = str(self.open_cases[0].pk)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template lays out the fields for keyboard order

    def clean_follow_up_on(self):
        day = self.cleaned_data["follow_up_on"]
        if day and day < timezone.localdate():
            raise forms.ValidationError(_("The follow-up date is in the past."), code="past")
        return day

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person")
        case_choice = cleaned.get("case") or self.NEW_CASE
        cleaned["case_obj"] = None
        if case_choice != self.NEW_CASE:
            case = Case.objects.filter(pk=case_choice).first() if case_choice.isdigit() else None
            if case is None or person is None or case.person_id != person.pk:
                self.add_error("case", _("Choose one of this person's cases."))
            else:
                cleaned["case_obj"] = case
        new_data = any(cleaned.get(f) for f in ("new_name", "new_email", "new_phone"))
        if person is not None and new_data:
            self.add_error(
                "new_name", _("Either pick a person or type a new one's details, not both.")
            )
        cleaned["is_new_person"] = person is None and new_data
        return cleaned


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


class ReplyForm(forms.Form):
    """An e-mail answer from a case: a saved answer to start from, language, subject and text.

    One form, three buttons (`intent`): fill in a saved answer, preview, send. Filling in
    needs only the saved answer; preview and send need the subject and the text.
    """

    USE_TEMPLATE, PREVIEW, SEND = "use_template", "preview", "send"
    TEMPLATE_FORM_ID = "reply-template-form"

    template = forms.ModelChoiceField(
        label=_("Saved answer"),
        queryset=ReplyTemplate.objects.none(),
        required=False,
        empty_label=_("None: write it yourself"),
    )
    language = forms.ChoiceField(label=_("Language of the reply"), choices=Language.choices)
    subject = forms.CharField(
        label=_("Subject"),
        max_length=400,
        help_text=_("The case number is added to the subject when it is sent."),
    )
    body = forms.CharField(
        label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10})
    )
    form_token = FormTokenField()

    def __init__(self, *args, case: Case, intent: str = SEND, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        # Saved answers for the case's topics, then those for any topic.
        self.fields["template"].queryset = (
            ReplyTemplate.objects.filter(is_active=True)
            .filter(Q(topic="") | Q(topic__in=case.topics))
            .order_by("-topic", "name", "language")
        )
        if intent == self.USE_TEMPLATE:
            # Filling in a saved answer replaces what is typed: only the choice counts.
            for name, field in self.fields.items():
                field.required = name == "template"
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page puts the preview between the text and the buttons
        self.helper.layout = Layout(
            Div(
                # The saved answer belongs to a form of its own (TEMPLATE_FORM_ID), so that
                # Enter in the subject previews the reply instead of replacing it.
                Div(Field("template", form=self.TEMPLATE_FORM_ID), css_class="col-sm"),
                Div(
                    StrictButton(
                        _("Use saved answer"),
                        type="submit",
                        name="intent",
                        value=self.USE_TEMPLATE,
                        form=self.TEMPLATE_FORM_ID,
                        css_class="btn-outline-primary",
                    ),
                    css_class="col-sm-auto mb-3",
                ),
                css_class="row g-2 align-items-end",
            ),
            "language",
            "subject",
            "body",
            "form_token",
        )


REPLY_PREFIX_RE = re.compile(r"^(\s*(re|odp|aw|sv|vs|fw|fwd)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


def reply_initial(case: Case) -> dict:
    """Where a reply starts: the person's language and "Re:" the last question's subject.

    Without an e-mail to answer, the subject names the case's topics in the reply's language.
    Reads the case's prefetched contacts (newest first).
    """
    language = case.person.language if case.person else Language.POLISH
    for contact in case.contacts.all():
        if contact.channel == Channel.EMAIL and contact.direction == Direction.IN:
            if contact.subject.strip():
                return {
                    "language": language,
                    "subject": "Re: " + REPLY_PREFIX_RE.sub("", contact.subject).strip(),
                }
            break
    with translation.override(language):
        subject = gettext("Your question to the First Contact Point: %(topics)s") % {
            "topics": ", ".join(str(label) for label in case.topic_labels)
        }
    return {"language": language, "subject": subject}


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
