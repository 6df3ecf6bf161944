from django.conf import settings
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from returnportal.mail.models import OutgoingEmail
from returnportal.mail.services import OutboxResendError, email_resend

# What a message says, and to whom in what thread: staff look in the outbox only for whether
# their e-mail went out (as on the case page), so these are for superusers alone, and for
# nobody in a message of a secret kind, which holds a personal link until it is sent.
SUPERUSER_ONLY_FIELDS = frozenset({"body_text", "body_html", "attachments", "headers"})


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "to",
        "kind",
        "language",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "kind", "language", "created_at"]
    # Never the bodies: a search would find a row by a word of a body its reader may not see.
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]
    actions = ["resend"]

    def has_add_permission(self, request) -> bool:
        return False

    def get_fields(self, request, obj=None) -> list[str]:
        fields = super().get_fields(request, obj)
        secret = obj is not None and obj.kind in settings.OUTBOX_SECRET_KINDS
        if request.user.is_superuser and not secret:
            return fields
        return [name for name in fields if name not in SUPERUSER_ONLY_FIELDS]

    def lookup_allowed(self, lookup, value, request) -> bool:
        # Admin takes a filter on any field from the query string (?body_text__startswith=...),
        # with which one could read a hidden body letter by letter.
        if lookup.split("__", 1)[0] in SUPERUSER_ONLY_FIELDS:
            return False
        return super().lookup_allowed(lookup, value, request)

    @admin.action(description=_("Send again"), permissions=["change"])
    def resend(self, request, queryset) -> None:
        queued = refused = 0
        for email in queryset:
            try:
                email_resend(email=email)
            except OutboxResendError:
                refused += 1
            else:
                queued += 1
        if queued:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail queued again.", "%(count)d e-mails queued again.", queued
                )
                % {"count": queued},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail was not sent again: it held a personal link, which the "
                    "outbox no longer keeps. The person can ask for a new link.",
                    "%(count)d e-mails were not sent again: they held personal links, which the "
                    "outbox no longer keeps. The people can ask for new links.",
                    refused,
                )
                % {"count": refused},
                messages.ERROR,
            )
