"""The public "ask us" form: what a stranger types is a claim, checked here."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from contacts.models import (
    Language,
    Topic,
)
from returnportal.form_tokens import FormTokenField
from returnportal.validators import validate_person_name


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
