"""Forms: one built per survey section from its questions, the consent step, the results filters."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from phonenumber_field.formfields import PhoneNumberField

from returnportal.forms import FilterDateField
from returnportal.languages import Language
from surveys.answers import OTHER, is_empty, other_name
from surveys.models import Question, Section


class MonthYearWidget(forms.MultiWidget):
    template_name = "surveys/widgets/month_year.html"

    def __init__(self, *, label: str = "", attrs=None):
        month_choices = [("", _("Month"))] + [(str(k), v) for k, v in MONTHS.items()]
        widgets = [
            forms.Select(
                choices=month_choices,
                attrs={
                    "aria-label": _("%(question)s: month") % {"question": label},
                    "class": "form-select",
                },
            ),
            forms.NumberInput(
                attrs={
                    "aria-label": _("%(question)s: year") % {"question": label},
                    "placeholder": _("Year"),
                    "inputmode": "numeric",
                    "class": "form-control",
                }
            ),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if value:
            year, month = str(value).split("-")[:2]
            return [str(int(month)), int(year)]
        return [None, None]


class MonthYearField(forms.MultiValueField):
    """A month and a year, kept as "YYYY-MM" (what the draft stores and the export prints)."""

    default_error_messages = {"incomplete": _("Enter both the month and the year.")}

    def __init__(self, *, label: str, min_year: int = 1950, max_year: int | None = None, **kwargs):
        max_year = max_year or timezone.now().year + 10
        fields = (
            forms.TypedChoiceField(
                choices=[(str(k), v) for k, v in MONTHS.items()], coerce=int, required=False
            ),
            forms.IntegerField(min_value=min_year, max_value=max_year, required=False),
        )
        super().__init__(
            fields=fields,
            require_all_fields=False,
            widget=MonthYearWidget(label=label),
            label=label,
            **kwargs,
        )

    def compress(self, data_list):
        if not data_list or all(v in (None, "") for v in data_list):
            return None
        month, year = data_list
        if month in (None, "") or year in (None, ""):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        return f"{int(year):04d}-{int(month):02d}"


def question_fields(question: Question) -> dict[str, forms.Field]:
    """The form field(s) that ask a question: its own, plus the "other" text where allowed."""
    common = {
        "label": question.text,
        "help_text": question.help,
        # A hidden conditional question's "required" error is dropped in SectionForm.clean.
        "required": question.required,
    }
    kind = question.type
    T = Question.Type
    fields: dict[str, forms.Field] = {}
    choices = [(o.code, o.text) for o in question.options.all()]
    if question.allow_other:
        choices.append((OTHER, _("Other (please say)")))
    if kind == T.SINGLE:
        field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    elif kind == T.MULTIPLE:
        field = forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    elif kind == T.SHORT_TEXT:
        field = forms.CharField(max_length=255, **common)
    elif kind == T.LONG_TEXT:
        field = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 5}), **common)
    elif kind == T.INTEGER:
        field = forms.IntegerField(
            min_value=question.min_value,
            max_value=question.max_value,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            **common,
        )
    elif kind == T.MONTH_YEAR:
        field = MonthYearField(
            min_year=question.min_value or 1950,
            max_year=question.max_value,
            **common,
        )
    elif kind == T.COUNTRY:
        field = forms.ChoiceField(
            choices=[("", _("Choose a country"))] + [(c.code, c.name) for c in countries],
            **common,
        )
    elif kind == T.SCALE:
        field = forms.TypedChoiceField(
            choices=[(str(i), str(i)) for i in range(1, 6)],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    else:  # pragma: no cover - the choices above are exhaustive
        raise ValueError(f"Unknown question type {kind}")
    fields[question.code] = field
    if question.allow_other:
        fields[other_name(question.code)] = forms.CharField(
            label=_("Other: please say what"), max_length=255, required=False
        )
    return fields


class SectionForm(forms.Form):
    """Answers to one section; subclasses made by `section_form_class` hold the fields."""

    section: Section
    questions: list[Question] = []

    def __init__(self, *args, answers: dict | None = None, **kwargs):
        # Answers given in earlier sections decide conditions on questions asked there.
        self.answers = answers or {}
        kwargs.setdefault("initial", self.answers)
        super().__init__(*args, **kwargs)
        own = {q.code for q in self.questions}
        self.shown = []
        for question in self.questions:
            controller = question.show_if_question
            if (
                controller
                and controller.code not in own
                and not question.condition_met(self.answers)
            ):
                self._drop(question)
            else:
                self.shown.append(question)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*(self._layout_for(q) for q in self.shown))

    def _drop(self, question: Question) -> None:
        self.fields.pop(question.code, None)
        self.fields.pop(other_name(question.code), None)

    def _layout_for(self, question: Question) -> Div:
        names = [Field(question.code)]
        if question.allow_other:
            names.append(Field(other_name(question.code), wrapper_class="ms-4 survey-other"))
        attrs = {"css_class": "survey-question mb-4"}
        controller = question.show_if_question
        if controller and controller.code in self.fields:
            attrs["css_class"] += " survey-conditional"
            attrs["data_show_if"] = controller.code
            attrs["data_show_if_value"] = question.show_if_option.code
        return Div(*names, **attrs)

    def clean(self):
        cleaned = super().clean()
        known = {**self.answers, **cleaned}
        for question in self.shown:
            code, other = question.code, other_name(question.code)
            if not question.condition_met(known):
                # Hidden: neither required nor kept, whatever was typed into it.
                for name in (code, other):
                    cleaned.pop(name, None)
                    self._errors.pop(name, None)
                continue
            value = cleaned.get(code)
            if question.allow_other:
                chose_other = value == OTHER or (isinstance(value, list) and OTHER in value)
                if chose_other and not cleaned.get(other, "").strip():
                    self.add_error(other, _("Please say what the other answer is."))
                elif not chose_other:
                    cleaned[other] = ""
        return cleaned

    def section_answers(self) -> dict:
        """This section's answers, keyed by question code, ready to keep in the draft."""
        names = set()
        for question in self.questions:
            names.update((question.code, other_name(question.code)))
        return {k: v for k, v in self.cleaned_data.items() if k in names and not is_empty(v)}


def section_form_class(section: Section, questions: list[Question]) -> type[SectionForm]:
    """A form class with one field per question of `section` (and "other" texts)."""
    fields: dict[str, forms.Field] = {}
    for question in questions:
        fields.update(question_fields(question))
    return type(
        f"Section{section.pk}Form",
        (SectionForm,),
        {**fields, "section": section, "questions": list(questions)},
    )


class ContactConsentForm(forms.Form):
    """The last, optional step: may the contact point get in touch, and how."""

    consent = forms.BooleanField(
        label=_("Yes, I agree that the contact point may contact me about support."),
        required=False,
    )
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = PhoneNumberField(label=_("Phone"), required=False, region="PL")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("consent"),
            Div("name", "email", "phone", css_class="survey-contact-fields"),
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("consent"):
            # Without consent nothing personal is kept, whatever was typed.
            return {"consent": False, "name": "", "email": "", "phone": ""}
        if not cleaned.get("email") and not cleaned.get("phone") and not self.errors:
            raise ValidationError(
                _("To be contacted, give an e-mail address or a phone number."),
                code="no_contact",
            )
        cleaned["phone"] = cleaned["phone"].as_e164 if cleaned.get("phone") else ""
        return cleaned


class ResumeEmailForm(forms.Form):
    """An address to send the resume link to (used once, not stored with the answers)."""

    email = forms.EmailField(label=_("Your e-mail address"))


class ResultsFilterForm(forms.Form):
    """Filters of the results page and the export; `apply` narrows a Response queryset."""

    date_from = FilterDateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = FilterDateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All")), *Language.choices]
    )
    country = forms.ChoiceField(label=_("Country of stay"), required=False)

    def __init__(self, *args, country_codes: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(countries)
        found = sorted(((c, names.get(c, c)) for c in country_codes), key=lambda p: str(p[1]))
        self.fields["country"].choices = [("", _("All")), *found]

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        return queryset.filtered(
            date_from=data["date_from"],
            date_to=data["date_to"],
            language=data["language"],
            country=data["country"],
        )
