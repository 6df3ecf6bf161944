"""The contacts app's views: public pages and the /staff/ workspace."""

from contacts.views.cases import (
    CaseDetailView,
    CaseExportCsvView,
    CaseListView,
    MonthlyReportView,
    QuarterlyReportView,
)
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
    "CaseDetailView",
    "CaseExportCsvView",
    "CaseListView",
    "ContactFormView",
    "ContactThanksView",
    "DashboardView",
    "InstitutionListView",
    "MonthlyReportView",
    "PersonDetailView",
    "PersonEraseView",
    "PersonExportJsonView",
    "PersonExportPrintView",
    "PersonListView",
    "PersonSearchView",
    "PersonUpdateView",
    "QuarterlyReportView",
    "QuickLogView",
]
