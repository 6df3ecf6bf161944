from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from returnportal.news.models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "status", "published_at", "author", "preview_link"]
    list_filter = ["status", "language", "published_at"]
    search_fields = ["title", "lead", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["author", "created_at", "updated_at", "preview_link"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "lead", "body"]}),
        (_("Image"), {"fields": ["image", "image_alt"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "preview_link",
                    "author",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(description=_("Preview"))
    def preview_link(self, obj: Article) -> str:
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            obj.get_preview_url(),
            _("Preview"),
        )

    def save_model(self, request, obj: Article, form, change: bool) -> None:
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)
