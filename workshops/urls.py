from django.urls import path

from workshops import views

app_name = "workshops"

urlpatterns = [
    path("workshops/", views.WorkshopListView.as_view(), name="list"),
    path("workshops/archive/", views.WorkshopListView.as_view(archive=True), name="archive"),
    path("workshops/interest/", views.InterestView.as_view(), name="interest"),
    path(
        "workshops/unsubscribe/<str:token>/",
        views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
    path(
        "workshops/unsubscribe/<str:token>/one-click/",
        views.OneClickUnsubscribeView.as_view(),
        name="unsubscribe_one_click",
    ),
    path(
        "workshops/unsubscribe/<str:token>/resubscribe/",
        views.ResubscribeView.as_view(),
        name="resubscribe",
    ),
    path(
        "workshops/reminders-off/<str:token>/",
        views.RemindersOffView.as_view(),
        name="reminders_off",
    ),
    path(
        "workshops/reminders-off/<str:token>/one-click/",
        views.RemindersOffOneClickView.as_view(),
        name="reminders_off_one_click",
    ),
    path("workshops/<slug:slug>.ics", views.workshop_ics_view, name="ics"),
    path("workshops/<slug:slug>/", views.WorkshopDetailView.as_view(), name="detail"),
    path("workshops/<slug:slug>/register/", views.RegisterView.as_view(), name="register"),
    path(
        "workshops/<slug:slug>/register/sent/",
        views.RegistrationSentView.as_view(),
        name="registration_sent",
    ),
    path(
        "registrations/<str:token>/",
        views.RegistrationDetailView.as_view(),
        name="registration",
    ),
    path(
        "registrations/<str:token>/cancel/",
        views.RegistrationCancelView.as_view(),
        name="registration_cancel",
    ),
    path(
        "registrations/<str:token>/confirm/",
        views.RegistrationConfirmView.as_view(),
        name="registration_confirm",
    ),
    path("staff/workshops/", views.StaffWorkshopListView.as_view(), name="staff_list"),
    path(
        "staff/workshops/<slug:slug>/attendees/",
        views.AttendeeListView.as_view(),
        name="staff_attendees",
    ),
    path(
        "staff/workshops/<slug:slug>/attendees/print/",
        views.AttendeePrintView.as_view(),
        name="staff_attendees_print",
    ),
    path(
        "staff/workshops/<slug:slug>/attendees.csv",
        views.AttendeeExportView.as_view(),
        name="staff_attendees_csv",
    ),
    path(
        "staff/workshops/<slug:slug>/attendees.xlsx",
        views.AttendeeExportView.as_view(),
        {"file_format": "xlsx"},
        name="staff_attendees_xlsx",
    ),
    path(
        "staff/workshops/<slug:slug>/attendees/<int:pk>/attendance/",
        views.AttendanceView.as_view(),
        name="staff_attendance",
    ),
    path(
        "staff/workshops/<slug:slug>/attendees/<int:pk>/cancel/",
        views.StaffCancelView.as_view(),
        name="staff_cancel",
    ),
    path(
        "staff/workshops/<slug:slug>/attendees/<int:pk>/undo-cancel/",
        views.StaffCancelUndoView.as_view(),
        name="staff_cancel_undo",
    ),
    path(
        "staff/workshops/<slug:slug>/register/",
        views.StaffRegisterView.as_view(),
        name="staff_register",
    ),
]
