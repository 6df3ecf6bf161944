"""Forms of the public "ask us" page and of the staff workspace, one module per subject."""

from contacts.forms.cases import (
    CaseFilterForm,
    CaseUpdateForm,
    QuarterForm,
    ReferralForm,
    ReportYearForm,
)
from contacts.forms.fields import DateInput, StaffChoiceField, staff_users, time_zone_choices
from contacts.forms.people import PersonForm, QuickLogForm
from contacts.forms.public import PublicQuestionForm
from contacts.forms.reply import REPLY_PREFIX_RE, ReplyForm, reply_initial

__all__ = [
    "REPLY_PREFIX_RE",
    "CaseFilterForm",
    "CaseUpdateForm",
    "DateInput",
    "PersonForm",
    "PublicQuestionForm",
    "QuarterForm",
    "QuickLogForm",
    "ReferralForm",
    "ReplyForm",
    "ReportYearForm",
    "StaffChoiceField",
    "reply_initial",
    "staff_users",
    "time_zone_choices",
]
