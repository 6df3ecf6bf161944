from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from returnportal.pages.models import (
    AccessibilityStatement,
    DailyPageVisit,
    OfficeInfo,
    Page,
    PrivacyNotice,
)


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["slug", "title_pl", "title_en", "updated_at"]
    fieldsets = [
        (None, {"fields": ["slug"]}),
        (_("Polish"), {"fields": ["title_pl", "body_pl"]}),
        (_("English"), {"fields": ["title_en", "body_en"]}),
    ]


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    list_display = ["version", "published_at", "updated_at"]
    fields = ["version", "published_at", "body_pl", "body_en"]

    def get_readonly_fields(self, request, obj=None):
        # Consents point at a published version: its text and number must stay as they were.
        if obj is not None and obj.published_at is not None:
            return ["version", "published_at", "body_pl", "body_en"]
        return []


class SingleRowAdmin(admin.ModelAdmin):
    """Admin for a model that holds one row: it can be added once and never deleted."""

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not self.model.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OfficeInfo)
class OfficeInfoAdmin(SingleRowAdmin):
    list_display = ["address", "phone", "email", "updated_at"]
    fields = ["address", "phone", "email", "hours_pl", "hours_en"]


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(SingleRowAdmin):
    list_display = ["status", "prepared_on", "reviewed_on", "updated_at"]
    fieldsets = [
        (None, {"fields": ["public_body"]}),
        (
            _("Dates"),
            {"fields": ["site_published_on", "site_updated_on", "prepared_on", "reviewed_on"]},
        ),
        (_("Compliance"), {"fields": ["status", "non_accessible_pl", "non_accessible_en"]}),
        (_("Assessment"), {"fields": ["assessment_pl", "assessment_en"]}),
        (_("Contact"), {"fields": ["contact_name", "contact_email", "contact_phone"]}),
        (_("Building"), {"fields": ["architecture_pl", "architecture_en"]}),
    ]


@admin.register(DailyPageVisit)
class DailyPageVisitAdmin(admin.ModelAdmin):
    list_display = ["date", "path", "count"]
    list_filter = ["date"]
    search_fields = ["path"]
    date_hierarchy = "date"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
