from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from surveys.models import Answer, Option, Question, Response, Section, Survey


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["order", "title_pl", "title_en"]
    extra = 0
    show_change_link = True


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["order", "code", "type", "text_pl", "text_en", "required"]
    extra = 0
    show_change_link = True


class OptionInline(admin.TabularInline):
    model = Option
    fields = ["order", "code", "text_pl", "text_en"]
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title_pl", "slug", "status", "opens_at", "closes_at", "response_count"]
    list_filter = ["status"]
    search_fields = ["title_pl", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [SectionInline]
    fieldsets = [
        (None, {"fields": ["title_pl", "title_en", "slug", "intro_pl", "intro_en"]}),
        (_("When"), {"fields": ["status", "opens_at", "closes_at"]}),
        (
            _("Screening and filters"),
            {"fields": ["screening_question", "screening_threshold", "country_question"]},
        ),
        (_("Contact"), {"fields": ["ask_contact_consent"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(response_total=Count("responses"))

    @admin.display(description=_("responses"), ordering="response_total")
    def response_count(self, obj: Survey) -> int:
        return obj.response_total

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("screening_question", "country_question"):
            survey_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Question.objects.filter(section__survey_id=survey_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "survey"]
    list_filter = ["survey"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "text_pl", "type", "required", "section"]
    list_filter = ["section__survey", "type"]
    search_fields = ["code", "text_pl", "text_en"]
    list_select_related = ["section"]
    inlines = [OptionInline]
    fieldsets = [
        (None, {"fields": ["section", "order", "code", "type", "required"]}),
        (_("Texts"), {"fields": ["text_pl", "text_en", "help_pl", "help_en"]}),
        (_("Answers"), {"fields": ["allow_other", "min_value", "max_value"]}),
        (_("Condition"), {"fields": ["show_if_question", "show_if_option"]}),
    ]


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["question", "option", "text", "number", "month_year"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "survey",
        "submitted_at",
        "language",
        "country_of_stay",
        "contact_consent",
    ]
    list_filter = ["survey", "language", "contact_consent"]
    date_hierarchy = "submitted_at"
    readonly_fields = [
        "survey",
        "language",
        "submitted_at",
        "country_of_stay",
        "contact_consent",
        "contact_name",
        "contact_email",
        "contact_phone",
        "consent_notice_version",
    ]
    fields = readonly_fields
    inlines = [AnswerInline]

    def has_add_permission(self, request) -> bool:
        return False
