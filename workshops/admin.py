from django.contrib import admin, messages
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from workshops import services
from workshops.models import InterestSubscription, Invitation, Registration, Workshop


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "audience", "topic", "language", "seats", "status"]
    list_filter = ["status", "audience", "topic", "language"]
    search_fields = ["title", "description", "venue"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_at"
    readonly_fields = ["published_at", "cancelled_at", "created_at", "updated_at"]
    actions = ["publish", "cancel"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "audience", "topic", "language", "description"]}),
        (_("When and where"), {"fields": ["starts_at", "ends_at", "venue", "online_url"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "capacity",
                    "has_waiting_list",
                    "registration_opens_at",
                    "registration_closes_at",
                    "status",
                ]
            },
        ),
        (_("Organiser"), {"fields": ["organiser_name", "organiser_email", "organiser_phone"]}),
        (
            _("History"),
            {"fields": ["published_at", "cancelled_at", "created_at", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_seats()

    @admin.display(description=_("Seats taken"), ordering="seats_taken")
    def seats(self, workshop: Workshop) -> str:
        return f"{workshop.seats_taken} / {workshop.capacity} (+{workshop.waiting_count})"

    def save_model(self, request, obj: Workshop, form, change: bool) -> None:
        # Publishing and cancelling go through the services, which send the e-mails; the
        # row is saved first with its previous status and the service makes the change.
        wanted = obj.status
        before = Workshop.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        if before == Workshop.Status.CANCELLED and wanted != before:
            obj.status = before
            self.message_user(request, _("A cancelled workshop stays cancelled."), messages.WARNING)
        elif wanted in (Workshop.Status.PUBLISHED, Workshop.Status.CANCELLED) and wanted != before:
            obj.status = before or Workshop.Status.DRAFT
        super().save_model(request, obj, form, change)
        if wanted == Workshop.Status.PUBLISHED and obj.status != wanted:
            self._publish(request, obj)
        elif wanted == Workshop.Status.CANCELLED and obj.status != wanted:
            self._cancel(request, obj)
        elif obj.status == Workshop.Status.PUBLISHED:
            promoted = services.workshop_fill_seats(workshop=obj)
            if promoted:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d person moved up from the waiting list.",
                        "%(count)d people moved up from the waiting list.",
                        promoted,
                    )
                    % {"count": promoted},
                )
        obj.refresh_from_db()

    def _publish(self, request, workshop: Workshop) -> None:
        try:
            invited = services.workshop_publish(workshop=workshop)
        except services.WorkshopError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return
        self.message_user(
            request,
            _("“%(title)s” is published; %(count)d people on the interest list invited.")
            % {"title": workshop.title, "count": invited},
        )

    def _cancel(self, request, workshop: Workshop) -> None:
        told = services.workshop_cancel(workshop=workshop)
        self.message_user(
            request,
            _("“%(title)s” is cancelled; %(count)d registered people notified.")
            % {"title": workshop.title, "count": told},
        )

    @admin.action(description=_("Publish and invite the interest list"), permissions=["change"])
    def publish(self, request, queryset) -> None:
        for workshop in queryset:
            self._publish(request, workshop)

    @admin.action(description=_("Cancel and notify everyone registered"), permissions=["change"])
    def cancel(self, request, queryset) -> None:
        for workshop in queryset:
            self._cancel(request, workshop)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "email",
        "workshop",
        "status",
        "participant_type",
        "attended",
        "created_at",
    ]
    list_filter = ["status", "participant_type", "attended", "language"]
    search_fields = ["name", "email", "workshop__title"]
    list_select_related = ["workshop"]
    raw_id_fields = ["workshop", "person"]
    readonly_fields = [
        "workshop",
        "status",
        "hold_expires_at",
        "holds_seat",
        "confirmed_at",
        "token",
        "consent_notice_version",
        "registered_by",
        "created_at",
        "promoted_at",
        "cancelled_at",
        "cancelled_by",
        "reminded_at",
        "reminders_off_at",
    ]
    actions = ["cancel"]

    def has_add_permission(self, request) -> bool:
        # New registrations go through the seat rules: the public form or the staff page.
        return False

    @admin.action(description=_("Cancel and promote from the waiting list"), permissions=["change"])
    def cancel(self, request, queryset) -> None:
        with transaction.atomic():
            for registration in queryset:
                services.registration_cancel(registration=registration, by_staff=request.user)


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    readonly_fields = ["workshop", "created_at"]
    can_delete = False


@admin.register(InterestSubscription)
class InterestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "topic", "audience", "language", "created_at", "unsubscribed_at"]
    list_filter = ["topic", "audience", "language"]
    search_fields = ["email"]
    readonly_fields = ["token", "consent_notice_version", "created_at"]
    inlines = [InvitationInline]
