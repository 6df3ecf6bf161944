"""Staff forms about people: a person's details and the quick log of a contact."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from contacts.forms.fields import DateInput, time_zone_choices
from contacts.models import (
    Case,
    Channel,
    Direction,
    Language,
    Person,
    Topic,
)
from returnportal.email_address import normalise_email
from returnportal.form_tokens import FormTokenField


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
