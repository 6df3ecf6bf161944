"""The workshops app's views: public pages, the registrant's own pages, the staff workspace."""

from workshops.views.public import (
    InterestView,
    WorkshopDetailView,
    WorkshopListView,
    workshop_ics_view,
)
from workshops.views.registrations import (
    RegisterView,
    RegistrationCancelView,
    RegistrationConfirmView,
    RegistrationDetailView,
    RegistrationSentView,
)
from workshops.views.staff import (
    AttendanceView,
    AttendeeExportView,
    AttendeeListView,
    AttendeePrintView,
    StaffCancelUndoView,
    StaffCancelView,
    StaffRegisterView,
    StaffWorkshopListView,
)
from workshops.views.unsubscribe import (
    OneClickUnsubscribeView,
    RemindersOffOneClickView,
    RemindersOffView,
    ResubscribeView,
    UnsubscribeView,
)

__all__ = [
    "AttendanceView",
    "AttendeeExportView",
    "AttendeeListView",
    "AttendeePrintView",
    "InterestView",
    "OneClickUnsubscribeView",
    "RegisterView",
    "RegistrationCancelView",
    "RegistrationConfirmView",
    "RegistrationDetailView",
    "RegistrationSentView",
    "RemindersOffOneClickView",
    "RemindersOffView",
    "ResubscribeView",
    "StaffCancelUndoView",
    "StaffCancelView",
    "StaffRegisterView",
    "StaffWorkshopListView",
    "UnsubscribeView",
    "WorkshopDetailView",
    "WorkshopListView",
    "workshop_ics_view",
]
