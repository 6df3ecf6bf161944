from django.contrib.sitemaps.views import sitemap
from django.urls import path

from returnportal.pages import views
from returnportal.pages.models import Page
from returnportal.pages.sitemaps import collected_sitemaps

app_name = "pages"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("about/", views.PageView.as_view(slug=Page.Slug.ABOUT), name="about"),
    path(
        "contact-details/",
        views.PageView.as_view(slug=Page.Slug.CONTACT),
        name="contact_details",
    ),
    path("privacy/", views.PrivacyNoticeView.as_view(), name="privacy"),
    path("accessibility/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("kiosk/", views.KioskView.as_view(), name="kiosk"),
    path("kiosk/slides/", views.KioskSlidesView.as_view(), name="kiosk_slides"),
    path("staff/visits/", views.VisitStatisticsView.as_view(), name="visits"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.FaviconView.as_view(), name="favicon"),
    path("manifest.webmanifest", views.web_manifest, name="manifest"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": collected_sitemaps()},
        name="sitemap",
    ),
]
