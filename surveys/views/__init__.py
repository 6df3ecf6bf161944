"""The surveys app's views: the public questionnaire and the staff results."""

from surveys.views.public import (
    SurveyCurrentView,
    SurveyDetailView,
    SurveyNotEligibleView,
    SurveyResumeEmailView,
    SurveyResumeView,
    SurveyStepView,
    SurveyThanksView,
)
from surveys.views.staff import (
    SurveyCodebookView,
    SurveyExportView,
    SurveyResultsView,
    SurveyStaffListView,
    SurveyTextAnswersView,
)

__all__ = [
    "SurveyCodebookView",
    "SurveyCurrentView",
    "SurveyDetailView",
    "SurveyExportView",
    "SurveyNotEligibleView",
    "SurveyResultsView",
    "SurveyResumeEmailView",
    "SurveyResumeView",
    "SurveyStaffListView",
    "SurveyStepView",
    "SurveyTextAnswersView",
    "SurveyThanksView",
]
