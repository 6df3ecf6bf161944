"""The reply from a case: its form and what it starts with."""

import re

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts.models import (
    Case,
    Channel,
    Direction,
    Language,
    ReplyTemplate,
)
from returnportal.form_tokens import FormTokenField


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
