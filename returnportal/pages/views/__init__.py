"""The pages app's views: the public pages and the kiosk, and the staff's visit figures."""

from returnportal.pages.views.public import (
    AccessibilityStatementView,
    FaviconView,
    HomeView,
    KioskSlidesView,
    KioskView,
    PageView,
    PrivacyNoticeView,
    kiosk_context,
    robots_txt,
    web_manifest,
)
from returnportal.pages.views.staff import VisitStatisticsView

__all__ = [
    "AccessibilityStatementView",
    "FaviconView",
    "HomeView",
    "KioskSlidesView",
    "KioskView",
    "PageView",
    "PrivacyNoticeView",
    "VisitStatisticsView",
    "kiosk_context",
    "robots_txt",
    "web_manifest",
]
