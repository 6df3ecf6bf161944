"""The contacts app's views: public pages and the /staff/ workspace."""

from contacts.views.cases import (
    AttachmentDownloadView,
    CaseDetailView,
    CaseExportView,
    CaseListView,
    CaseOutcomeView,
    CaseReferView,
    CaseReplyView,
    CaseUpdateView,
    MonthlyReportView,
    QuarterlyReportView,
)
from contacts.views.dashboard import DashboardView
from contacts.views.duplicates import PersonDuplicatesView, PersonMergeView
from contacts.views.people import (
    PersonDetailView,
    PersonEraseView,
    PersonExportJsonView,
    PersonExportPrintView,
    PersonListView,
    PersonUpdateView,
)
from contacts.views.public import (
    ContactFormView,
    ContactThanksView,
    InstitutionListView,
)
from contacts.views.quick_log import PersonSearchView, QuickLogView

__all__ = [
    "AttachmentDownloadView",
    "CaseDetailView",
    "CaseExportView",
    "CaseListView",
    "CaseOutcomeView",
    "CaseReferView",
    "CaseReplyView",
    "CaseUpdateView",
    "ContactFormView",
    "ContactThanksView",
    "DashboardView",
    "InstitutionListView",
    "MonthlyReportView",
    "PersonDetailView",
    "PersonDuplicatesView",
    "PersonEraseView",
    "PersonExportJsonView",
    "PersonExportPrintView",
    "PersonListView",
    "PersonMergeView",
    "PersonSearchView",
    "PersonUpdateView",
    "QuarterlyReportView",
    "QuickLogView",
]
