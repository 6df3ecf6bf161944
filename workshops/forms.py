"""Forms of the workshops app: the list filter, registration and the interest list."""

import calendar
import functools

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.forms.utils import flatatt
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from returnportal.email_address import normalise_email
from returnportal.pages.privacy import PRIVACY_URL
from returnportal.validators import validate_person_name
from workshops.models import (
    Audience,
    InterestSubscription,
    Registration,
    WorkshopQuerySet,
    WorkshopTopic,
)


class WorkshopFilterForm(forms.Form):
    """The filters above the list of workshops (sent by GET, so links can be shared)."""

    audience = forms.ChoiceField(
        label=_("For whom"), required=False, choices=[("", _("Everyone")), *Audience.choices]
    )
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("All topics")), *WorkshopTopic.choices]
    )
    month = forms.ChoiceField(label=_("Month"), required=False)

    def __init__(self, *args, archive: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The next twelve months for upcoming workshops, the last twelve for the archive.
        step = -1 if archive else 1
        first = timezone.localdate().replace(day=1)
        months = [("", _("Any month"))]
        for _i in range(12):
            months.append((f"{first:%Y-%m}", date_format(first, "YEAR_MONTH_FORMAT")))
            shifted = first.month - 1 + step
            first = first.replace(year=first.year + shifted // 12, month=shifted % 12 + 1)
        self.fields["month"].choices = months
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row g-2 align-items-end"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Div(Field("audience"), css_class="col-12 col-md-4"),
            Div(Field("topic"), css_class="col-12 col-md-4"),
            Div(Field("month"), css_class="col-12 col-md-2"),
            Div(
                StrictButton(_("Show"), type="submit", css_class="btn btn-primary w-100 mb-3"),
                css_class="col-12 col-md-2",
            ),
        )

    def interest_query(self) -> str:
        """The valid topic and audience as a query string for the interest-list form."""
        if not self.is_valid():
            return ""
        chosen = {name: self.cleaned_data[name] for name in ("topic", "audience")}
        return urlencode({name: value for name, value in chosen.items() if value})

    def apply(self, queryset: WorkshopQuerySet) -> WorkshopQuerySet:
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["audience"]:
            queryset = queryset.filter(audience__in=[data["audience"], Audience.BOTH])
        if data["topic"]:
            queryset = queryset.filter(topic=data["topic"])
        if data["month"]:
            year, month = (int(part) for part in data["month"].split("-"))
            last_day = calendar.monthrange(year, month)[1]
            queryset = queryset.filter(
                starts_at__date__gte=f"{year}-{month:02d}-01",
                starts_at__date__lte=f"{year}-{month:02d}-{last_day}",
            )
        return queryset


def privacy_consent_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=mark_safe(
            _('I have read the <a href="%(url)s">privacy notice</a>.') % {"url": PRIVACY_URL}
        ),
        required=True,
        error_messages={"required": _("Please confirm that you have read the privacy notice.")},
    )


@functools.lru_cache(maxsize=8)
def country_choices(language: str) -> list[tuple[str, str]]:
    """Countries sorted in a language (sorting ~250 translated names costs a few ms)."""
    with translation.override(language):
        return [("", str(_("— choose —"))), *((code, str(name)) for code, name in countries)]


class LongSelect(forms.Select):
    """A select rendered in Python: Django's one-template-per-option costs ~25 ms for ~250
    countries, most of the registration page's time."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (code, mark_safe(" selected") if str(code) == selected else "", label)
                for code, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


class RegistrationForm(forms.ModelForm):
    """What a person gives to register; the company fields only matter for entrepreneurs."""

    consent = forms.BooleanField(required=True)

    class Meta:
        model = Registration
        fields = [
            "name",
            "email",
            "phone",
            "participant_type",
            "company",
            "sector",
            "country",
            "needs",
        ]
        widgets = {
            "participant_type": forms.RadioSelect,
            "country": LongSelect,
            "needs": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "email": _("We send the confirmation and a link to manage your registration here."),
            "phone": _("Optional. Only if you would like us to call you, e.g. about a change."),
            "country": _("Optional. It helps us prepare the workshop."),
            "needs": _(
                "Optional. For example a wheelchair-accessible room, a sign-language "
                "interpreter, or childcare."
            ),
        }

    def __init__(self, *args, staff: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"] = privacy_consent_field()
        if staff:
            self.fields["consent"].label = _(
                "The person was told about the privacy notice and agrees."
            )
        self.fields["name"].validators.append(validate_person_name)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["phone"].widget.input_type = "tel"
        self.fields["country"].choices = country_choices(translation.get_language())
        self.fields["company"].label = _("Company (for entrepreneurs)")
        self.fields["sector"].label = _("Sector (for entrepreneurs)")
        self.fields["country"].label = _("Country you come back from (for returning migrants)")
        self.fields["participant_type"].choices = Registration.ParticipantType.choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has the token
        self.helper.layout = Layout(
            Fieldset(
                _("About you"),
                "name",
                "email",
                "phone",
                "participant_type",
            ),
            Div(
                Field("company", autocomplete="organization"),
                "sector",
                css_class="conditional-fields",
                data_show_for=Registration.ParticipantType.ENTREPRENEUR,
            ),
            Div(
                "country",
                css_class="conditional-fields",
                data_show_for=Registration.ParticipantType.MIGRANT,
            ),
            "needs",
            "consent",
        )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean(self) -> dict:
        data = super().clean()
        is_entrepreneur = data.get("participant_type") == Registration.ParticipantType.ENTREPRENEUR
        if is_entrepreneur and not data.get("company"):
            self.add_error(
                "company",
                forms.ValidationError(_("Please give the name of your company."), code="required"),
            )
        return data

    def _post_clean(self) -> None:
        # The service makes the row; the model's own validation would flag the partial
        # unique constraint before the service can answer "already registered".
        pass

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "phone": str(data["phone"] or ""),
            "participant_type": data["participant_type"],
            "company": data["company"],
            "sector": data["sector"],
            "country": data["country"] or "",
            "needs": data["needs"],
        }


class InterestForm(forms.ModelForm):
    """Leave an e-mail to hear about the next workshop on a topic."""

    class Meta:
        model = InterestSubscription
        fields = ["email", "topic", "audience"]
        labels = {
            "email": _("Your e-mail"),
            "topic": _("Topic"),
            "audience": _("I am interested as"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"] = forms.BooleanField(
            required=True,
            label=mark_safe(
                _(
                    "I agree to receive e-mails about workshops on this topic and have read the "
                    '<a href="%(url)s">privacy notice</a>. I can unsubscribe with one click.'
                )
                % {"url": PRIVACY_URL}
            ),
            error_messages={"required": _("Please agree so that we may write to you.")},
        )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.helper = FormHelper()
        self.helper.form_action = reverse_lazy("workshops:interest")
        self.helper.form_class = "interest-form"
        self.helper.layout = Layout("email", "topic", "audience", "consent")
        self.helper.add_input(Submit("subscribe", _("Tell me about new workshops")))

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def _post_clean(self) -> None:
        # Subscribing twice is answered by the service, not as a form error.
        pass
