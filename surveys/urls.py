from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("survey/", views.SurveyCurrentView.as_view(), name="current"),
    path("survey/<slug:slug>/", views.SurveyDetailView.as_view(), name="detail"),
    path("survey/<slug:slug>/step/<int:step>/", views.SurveyStepView.as_view(), name="step"),
    path(
        "survey/<slug:slug>/resume/<str:token>/",
        views.SurveyResumeView.as_view(),
        name="resume",
    ),
    path(
        "survey/<slug:slug>/resume-email/",
        views.SurveyResumeEmailView.as_view(),
        name="resume_email",
    ),
    path("survey/<slug:slug>/thanks/", views.SurveyThanksView.as_view(), name="thanks"),
    path(
        "survey/<slug:slug>/not-eligible/",
        views.SurveyNotEligibleView.as_view(),
        name="not_eligible",
    ),
    path("staff/surveys/", views.SurveyStaffListView.as_view(), name="staff_list"),
    path(
        "staff/surveys/<slug:slug>/results/",
        views.SurveyResultsView.as_view(),
        name="results",
    ),
    path(
        "staff/surveys/<slug:slug>/results/<slug:code>/texts/",
        views.SurveyTextAnswersView.as_view(),
        name="text_answers",
    ),
    path(
        "staff/surveys/<slug:slug>/export.csv",
        views.SurveyExportView.as_view(),
        name="export",
    ),
    path(
        "staff/surveys/<slug:slug>/export.xlsx",
        views.SurveyExportView.as_view(),
        {"file_format": "xlsx"},
        name="export_xlsx",
    ),
    path(
        "staff/surveys/<slug:slug>/codebook.csv",
        views.SurveyCodebookView.as_view(),
        name="codebook",
    ),
    path(
        "staff/surveys/<slug:slug>/codebook.xlsx",
        views.SurveyCodebookView.as_view(),
        {"file_format": "xlsx"},
        name="codebook_xlsx",
    ),
]
