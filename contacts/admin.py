from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from contacts.models import (
    Case,
    CaseTopic,
    Contact,
    ContactAttachment,
    Institution,
    MailboxMessage,
    Person,
    Referral,
    ReplyTemplate,
)


class CaseTopicInline(admin.TabularInline):
    model = CaseTopic
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["occurred_at", "channel", "direction", "duration_minutes", "summary", "staff"]
    raw_id_fields = ["staff"]


class ReferralInline(admin.TabularInline):
    model = Referral
    extra = 0
    fields = ["institution", "note", "outcome", "staff"]
    raw_id_fields = ["staff"]


class ContactAttachmentInline(admin.TabularInline):
    """The files that came with an e-mail: listed and downloadable, never edited here."""

    model = ContactAttachment
    extra = 0
    can_delete = False
    fields = ["download", "content_type", "size"]
    readonly_fields = fields

    @admin.display(description=_("file name"))
    def download(self, obj: ContactAttachment) -> str:
        return format_html('<a href="{}" download>{}</a>', obj.get_absolute_url(), obj.filename)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "email", "phone", "kind", "home_county", "last_activity_at"]
    list_filter = ["kind", "language", "home_county", "anonymised_at"]
    search_fields = ["name", "email", "phone"]
    readonly_fields = ["created_at", "anonymised_at"]
    history_list_display = ["name", "email", "phone"]


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "person", "status", "assignee", "follow_up_on", "created_at"]
    list_filter = ["status", "topic_links__topic"]
    list_select_related = ["person", "assignee"]
    raw_id_fields = ["person", "assignee"]
    inlines = [CaseTopicInline, ContactInline, ReferralInline]
    history_list_display = ["status", "assignee", "follow_up_on"]
    date_hierarchy = "created_at"


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "case", "channel", "direction", "staff"]
    list_filter = ["channel", "direction"]
    list_select_related = ["case", "staff"]
    raw_id_fields = ["case", "staff"]
    date_hierarchy = "occurred_at"
    inlines = [ContactAttachmentInline]


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "county", "phone", "is_published"]
    list_filter = ["kind", "county", "is_published"]
    search_fields = ["name", "helps_with_pl", "helps_with_en"]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outcome", "created_at"]
    list_filter = ["outcome", "institution__kind"]
    list_select_related = ["case", "institution"]
    raw_id_fields = ["case", "staff"]


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "topic", "language", "subject", "is_active"]
    list_filter = ["topic", "language", "is_active"]
    search_fields = ["name", "subject", "body"]


@admin.register(MailboxMessage)
class MailboxMessageAdmin(admin.ModelAdmin):
    """The import's ledger: what became of each message read from the office mailbox."""

    list_display = ["imported_at", "outcome", "mailbox", "uid", "from_address", "contact"]
    list_filter = ["outcome"]
    list_select_related = ["contact"]
    search_fields = ["message_id", "from_address"]
    date_hierarchy = "imported_at"
    readonly_fields = [f.name for f in MailboxMessage._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
