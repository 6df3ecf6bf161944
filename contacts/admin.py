from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from contacts.models import Case, CaseTopic, Contact, Institution, Person, Referral


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


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "county", "phone", "is_published"]
    list_filter = ["kind", "county", "is_published"]
    search_fields = ["name", "helps_with"]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outcome", "created_at"]
    list_filter = ["outcome", "institution__kind"]
    list_select_related = ["case", "institution"]
    raw_id_fields = ["case", "staff"]
