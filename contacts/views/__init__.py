"""The contacts app's views: public pages and the /staff/ workspace."""

from contacts.views.cases import (
    AttachmentDownloadView,
    CaseDetailView,
    CaseExportView,
    CaseListView,
    CaseReplyView,
    MonthlyReportView,
    QuarterlyReportView,
)
from contacts.views.duplicates import PersonDuplicatesView, PersonMergeView
from contacts.views.people import (
    DashboardView,
    PersonDetailView,
    PersonEraseView,
    PersonExportJsonView,
    PersonExportPrintView,
    PersonListView,
    PersonSearchView,
    PersonUpdateView,
    QuickLogView,
)
from contacts.views.public import (
    ContactFormView,
    ContactThanksView,
    InstitutionListView,
)

__all__ = [
    "AttachmentDownloadView",
    "CaseDetailView",
    "CaseExportView",
    "CaseListView",
    "CaseReplyView",
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
