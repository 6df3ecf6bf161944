from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("staff/", views.DashboardView.as_view(), name="dashboard"),
]
