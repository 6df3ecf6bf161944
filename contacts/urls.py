from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("contact/", views.ContactFormView.as_view(), name="contact_form"),
    path("contact/thanks/", views.ContactThanksView.as_view(), name="contact_thanks"),
    path("institutions/", views.InstitutionListView.as_view(), name="institution_list"),
    path("staff/", views.DashboardView.as_view(), name="dashboard"),
    path("staff/log/", views.QuickLogView.as_view(), name="quick_log"),
    path("staff/people/", views.PersonListView.as_view(), name="person_list"),
    path("staff/people/search/", views.PersonSearchView.as_view(), name="person_search"),
    path(
        "staff/people/duplicates/", views.PersonDuplicatesView.as_view(), name="person_duplicates"
    ),
    path("staff/people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("staff/people/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person_update"),
    path(
        "staff/people/<int:pk>/export.json",
        views.PersonExportJsonView.as_view(),
        name="person_export_json",
    ),
    path(
        "staff/people/<int:pk>/export/",
        views.PersonExportPrintView.as_view(),
        name="person_export",
    ),
    path("staff/people/<int:pk>/erase/", views.PersonEraseView.as_view(), name="person_erase"),
    path(
        "staff/people/<int:pk>/merge/<int:other_pk>/",
        views.PersonMergeView.as_view(),
        name="person_merge",
    ),
    path("staff/cases/", views.CaseListView.as_view(), name="case_list"),
    path("staff/cases/export.csv", views.CaseExportView.as_view(), name="case_export"),
    path(
        "staff/cases/export.xlsx",
        views.CaseExportView.as_view(),
        {"file_format": "xlsx"},
        name="case_export_xlsx",
    ),
    path("staff/cases/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("staff/cases/<int:pk>/update/", views.CaseUpdateView.as_view(), name="case_update"),
    path("staff/cases/<int:pk>/refer/", views.CaseReferView.as_view(), name="case_refer"),
    path("staff/cases/<int:pk>/outcome/", views.CaseOutcomeView.as_view(), name="case_outcome"),
    path("staff/cases/<int:pk>/reply/", views.CaseReplyView.as_view(), name="case_reply"),
    path(
        "staff/attachments/<int:pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path("staff/reports/monthly/", views.MonthlyReportView.as_view(), name="report_monthly"),
    path("staff/reports/quarterly/", views.QuarterlyReportView.as_view(), name="report_quarterly"),
]
