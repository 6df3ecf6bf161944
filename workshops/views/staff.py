"""The staff workspace for workshops: attendee lists, check-in, print, CSV and .xlsx, phone
registration.
"""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from returnportal.accounts.audit import AccessLoggedMixin
from returnportal.accounts.mixins import StaffRequiredMixin
from returnportal.csv_export import export_response, in_local_zone
from returnportal.views import InvalidFormIs400Mixin
from workshops import services
from workshops.forms import RegistrationForm
from workshops.models import Registration, Workshop


class StaffWorkshopListView(StaffRequiredMixin, ListView):
    """Every workshop, drafts included, with its seat counts."""

    template_name = "workshops/staff/workshop_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs) -> dict:
        # Coming from a person's page: their details ride along to the registration form.
        prefill = {
            k: self.request.GET[k] for k in StaffRegisterView.PREFILL if k in self.request.GET
        }
        return super().get_context_data(
            prefill=urlencode(prefill), prefill_name=prefill.get("name", ""), **kwargs
        )

    def get_queryset(self):
        workshops = Workshop.objects.with_seats()
        if self.request.GET.get("past"):
            return workshops.filter(ends_at__lte=timezone.now()).order_by("-starts_at")
        return workshops.filter(ends_at__gt=timezone.now()).order_by("starts_at")


class WorkshopStaffMixin(StaffRequiredMixin):
    @cached_property
    def workshop(self) -> Workshop:
        return get_object_or_404(Workshop.objects.with_seats(), slug=self.kwargs["slug"])


class AttendeeListView(WorkshopStaffMixin, TemplateView):
    """The confirmed list with check-in, and the waiting list in order."""

    template_name = "workshops/staff/attendee_list.html"

    def get_context_data(self, **kwargs) -> dict:
        registrations = list(self.workshop.registrations.active().order_by("created_at", "pk"))
        confirmed = [r for r in registrations if r.status == Registration.Status.CONFIRMED]
        waiting = [r for r in registrations if r.status == Registration.Status.WAITING]
        for position, registration in enumerate(waiting, start=1):
            registration.position = position
        counts = self.workshop.registrations.aggregate(
            cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
            attended=Count("pk", filter=Q(status=Registration.Status.CONFIRMED, attended=True)),
        )
        return super().get_context_data(
            workshop=self.workshop,
            confirmed=confirmed,
            waiting=waiting,
            counts=counts,
            attendance=self.workshop.registrations.attendance_counts(),
            undoable=self.workshop.registrations.undoable().order_by("-cancelled_at", "-pk"),
            **kwargs,
        )


class AttendeePrintView(AccessLoggedMixin, AttendeeListView):
    """The attendee list on paper: an export of names and addresses, so it is logged."""

    template_name = "workshops/staff/attendee_print.html"


class AttendanceView(WorkshopStaffMixin, View):
    """Check a person in (or undo it); a plain form POST, or fetch() from the check-in script."""

    VALUES = {"yes": True, "no": False, "": None}

    def post(self, request, slug: str, pk: int):
        registration = get_object_or_404(self.workshop.registrations.confirmed(), pk=pk)
        value = request.POST.get("attended", "")
        if value not in self.VALUES:
            return HttpResponseBadRequest(_("Unknown attendance value."))
        services.registration_set_attendance(registration=registration, attended=self.VALUES[value])
        if request.headers.get("Accept") == "application/json":
            counts = self.workshop.registrations.attendance_counts()
            return JsonResponse(
                {
                    "id": registration.pk,
                    "attended": registration.attended,
                    "counts": counts,
                    "message": self.announcement(registration, counts),
                }
            )
        url = reverse("workshops:staff_attendees", kwargs={"slug": slug})
        return redirect(f"{url}#registration-{registration.pk}")

    @staticmethod
    def announcement(registration: Registration, counts: dict) -> str:
        """What a screen reader says after a check-in made without reloading the page."""
        state = {True: _("present"), False: _("absent"), None: _("not checked")}
        return _(
            "%(name)s: %(state)s. Checked in %(present)s of %(registered)s, "
            "%(absent)s absent, %(unchecked)s not checked yet."
        ) % {"name": registration.name, "state": state[registration.attended], **counts}


class StaffCancelView(WorkshopStaffMixin, TemplateView):
    """Cancel someone's registration for them (e.g. they phoned); the same rules as theirs.

    GET asks first (who, which workshop, what happens to the seat); only the POST cancels, and
    the attendee list then offers to undo it for WORKSHOP_CANCEL_UNDO_MINUTES.
    """

    template_name = "workshops/staff/cancel_confirm.html"

    @cached_property
    def registration(self) -> Registration:
        return get_object_or_404(self.workshop.registrations.all(), pk=self.kwargs["pk"])

    def no_longer_active(self):
        """The second tap of a double submit (or an old tab) lands back on the list."""
        messages.info(self.request, _("This registration is no longer active."))
        return redirect("workshops:staff_attendees", slug=self.workshop.slug)

    def get(self, request, *args, **kwargs):
        if not self.registration.is_active:
            return self.no_longer_active()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(
            workshop=self.workshop,
            registration=self.registration,
            undo_minutes=settings.WORKSHOP_CANCEL_UNDO_MINUTES,
            **kwargs,
        )

    def post(self, request, slug: str, pk: int):
        if not self.registration.is_active:
            return self.no_longer_active()
        registration = services.registration_cancel(
            registration=self.registration, by_staff=request.user
        )
        messages.success(
            request,
            _(
                "The registration of %(name)s is cancelled and they have been told by e-mail. "
                "You can undo it under “Just cancelled” for %(minutes)s minutes."
            )
            % {"name": registration.name, "minutes": settings.WORKSHOP_CANCEL_UNDO_MINUTES},
        )
        url = reverse("workshops:staff_attendees", kwargs={"slug": slug})
        return redirect(f"{url}#just-cancelled")


class StaffCancelUndoView(AttendeeListView):
    """Take back a staff cancellation (POST); a refusal shows the list with the reason (4xx)."""

    http_method_names = ["post", "options"]
    REFUSAL_STATUS = {services.Refusal.UNDO_EXPIRED: 410}

    def post(self, request, slug: str, pk: int):
        registration = get_object_or_404(self.workshop.registrations.all(), pk=pk)
        if registration.status != Registration.Status.CANCELLED:  # a second submit
            messages.info(request, _("This cancellation has already been undone."))
            return redirect("workshops:staff_attendees", slug=slug)
        try:
            registration = services.registration_cancel_undo(registration=registration)
        except services.RegistrationError as exc:
            return self.render_to_response(
                self.get_context_data(refusal=exc.message),
                status=self.REFUSAL_STATUS.get(exc.code, 409),
            )
        if getattr(registration, "seat_lost", False):
            text = _(
                "The cancellation is undone, but the seat has gone to someone from the waiting "
                "list meanwhile: %(name)s is now number %(position)s on the waiting list."
            )
        elif registration.status == Registration.Status.WAITING:
            text = _(
                "The cancellation is undone: %(name)s is number %(position)s on the waiting "
                "list again."
            )
        else:
            text = _("The cancellation is undone: %(name)s has the seat again.")
        messages.success(
            request, text % {"name": registration.name, "position": registration.waiting_position}
        )
        url = reverse("workshops:staff_attendees", kwargs={"slug": slug})
        return redirect(f"{url}#registration-{registration.pk}")


class StaffRegistrationForm(RegistrationForm):
    language = forms.ChoiceField(
        label=gettext_lazy("Language for the e-mails"),
        choices=[("pl", gettext_lazy("Polish")), ("en", gettext_lazy("English"))],
        initial="pl",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, staff=True, **kwargs)
        self.helper.layout.insert(len(self.helper.layout) - 1, "language")


class StaffRegisterView(InvalidFormIs400Mixin, WorkshopStaffMixin, FormView):
    """Register a person on their behalf, e.g. during a phone call."""

    template_name = "workshops/staff/registration_form.html"
    form_class = StaffRegistrationForm
    PREFILL = ("name", "email", "phone", "participant_type", "company", "sector", "language")

    def get_initial(self) -> dict:
        # Another staff page (e.g. a person's record) may link here with their details; a kind
        # of person that is no participant type (an employer, say) registers as "other".
        initial = {key: self.request.GET[key] for key in self.PREFILL if key in self.request.GET}
        if "participant_type" in initial:
            types = Registration.ParticipantType
            if initial["participant_type"] not in types.values:
                initial["participant_type"] = types.OTHER
        return initial

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(workshop=self.workshop, **kwargs)

    def form_valid(self, form):
        try:
            registration = services.registration_create(
                workshop_id=self.workshop.pk,
                language=form.cleaned_data["language"],
                by_staff=self.request.user,
                **form.service_data(),
            )
        except services.AlreadyRegistered as exc:
            services.registration_resend_link(registration=exc.registration)
            messages.info(self.request, exc.message)
            return redirect("workshops:staff_attendees", slug=self.workshop.slug)
        except services.RegistrationError as exc:
            form.add_error(None, exc.message)
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 409
            return response
        messages.success(
            self.request,
            _("%(name)s is registered (%(status)s); the e-mail is on its way.")
            % {"name": registration.name, "status": registration.get_status_display()},
        )
        return redirect("workshops:staff_attendees", slug=self.workshop.slug)


class AttendeeExportView(AccessLoggedMixin, WorkshopStaffMixin, View):
    """All registrations of a workshop as CSV (streamed row by row) or .xlsx."""

    def get(self, request, slug: str, file_format: str = "csv"):
        header = [
            _("Name"),
            _("E-mail"),
            _("Phone"),
            _("Status"),
            _("Waiting position"),
            _("Participant type"),
            _("Company"),
            _("Sector"),
            _("Country"),
            _("Needs"),
            _("Attended"),
            in_local_zone(_("Registered")),
            in_local_zone(_("Cancelled")),
        ]
        attended = {True: _("yes"), False: _("no"), None: ""}

        def rows():
            position = 0
            registrations = self.workshop.registrations.order_by("created_at", "pk")
            for registration in registrations.iterator(chunk_size=500):
                waiting = registration.status == Registration.Status.WAITING
                position += waiting
                yield [
                    registration.name,
                    registration.email,
                    registration.phone.as_international if registration.phone else "",
                    registration.get_status_display(),
                    position if waiting else "",
                    registration.get_participant_type_display(),
                    registration.company,
                    registration.sector,
                    registration.country.name if registration.country else "",
                    registration.needs,
                    attended[registration.attended],
                    registration.created_at,
                    registration.cancelled_at,
                ]

        return export_response(
            header, rows(), name=f"{self.workshop.slug}-attendees", file_format=file_format
        )
