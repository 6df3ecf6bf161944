"""Registering on the public form, and the registrant's own pages reached from their e-mails."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, TemplateView

from returnportal.ratelimits import PostRateLimitMixin
from returnportal.views import InvalidFormIs400Mixin
from workshops import services
from workshops.forms import RegistrationForm
from workshops.models import Registration, Workshop


class RegisterView(InvalidFormIs400Mixin, PostRateLimitMixin, FormView):
    """The registration form; the service decides: a seat, the waiting list, or a refusal."""

    ratelimit_rate = "20/h"

    template_name = "workshops/registration_form.html"
    form_class = RegistrationForm

    @cached_property
    def workshop(self) -> Workshop:
        return get_object_or_404(Workshop.objects.public().with_seats(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(workshop=self.workshop, **kwargs)

    def form_valid(self, form):
        try:
            services.registration_create(
                workshop_id=self.workshop.pk,
                language=translation.get_language(),
                **form.service_data(),
            )
        except services.AlreadyRegistered as exc:
            # Answered as a new registration is: only the e-mail tells the address's owner.
            services.registration_resend_link(registration=exc.registration)
        except services.RegistrationError as exc:
            form.add_error(None, exc.message)
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 409
            return response
        return redirect("workshops:registration_sent", slug=self.workshop.slug)


class RegistrationSentView(TemplateView):
    """After the form: "check your inbox", the same whether or not the address was registered.

    The registration's own page is reached only from the e-mail, so that this page cannot
    tell anybody whether an address is registered.
    """

    template_name = "workshops/registration_sent.html"

    def get_context_data(self, **kwargs) -> dict:
        workshop = get_object_or_404(Workshop.objects.public(), slug=self.kwargs["slug"])
        return super().get_context_data(
            workshop=workshop, hold_minutes=services.hold_minutes(), **kwargs
        )


class RegistrationByTokenMixin:
    """The registrant's pages, found by the token in their e-mailed links."""

    context_object_name = "registration"
    slug_field = slug_url_kwarg = "token"

    def get_queryset(self):
        return Registration.objects.filter(erased_at__isnull=True).select_related("workshop")


@method_decorator(never_cache, name="dispatch")
class RegistrationDetailView(RegistrationByTokenMixin, DetailView):
    """A registrant's own page, reached from the link in their e-mails; it links to cancelling."""

    template_name = "workshops/registration_detail.html"


@method_decorator(never_cache, name="dispatch")
class RegistrationCancelView(RegistrationByTokenMixin, DetailView):
    """Cancelling asks first: GET shows what will be cancelled and a button, only POST cancels.

    A link scanner (or a tap on the wrong link) cancels nothing.
    """

    template_name = "workshops/registration_cancel.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.object.can_be_cancelled:
            return redirect(self.object)  # its own page says why (cancelled, started, …)
        return self.render_to_response(self.get_context_data(object=self.object))

    def post(self, request, *args, **kwargs):
        registration = self.get_object()
        if registration.status in (Registration.Status.CANCELLED, Registration.Status.EXPIRED):
            return redirect(registration)
        try:
            services.registration_cancel(registration=registration)
        except services.RegistrationError as exc:
            messages.error(request, exc.message)
            return redirect(registration)
        messages.success(request, _("Your registration is cancelled. We have sent you an e-mail."))
        return redirect(registration)


@method_decorator(never_cache, name="dispatch")
class RegistrationConfirmView(RegistrationByTokenMixin, DetailView):
    """The link in the "please confirm" e-mail: GET shows a button, only POST confirms.

    A link scanner (or a mail client's preview) that fetches the link confirms nothing. An
    expired hold answers 410 with what to do next; confirming twice is harmless.
    """

    template_name = "workshops/registration_confirm.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.status in Registration.ACTIVE:
            return redirect(self.object)
        if self.object.hold_has_expired:
            return self._refused(
                services.RegistrationError(
                    services.hold_expired_message(self.object.workshop),
                    code=services.Refusal.EXPIRED,
                )
            )
        return self.render_to_response(self.get_context_data(object=self.object))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            registration = services.registration_confirm(registration=self.object)
        except services.RegistrationError as exc:
            return self._refused(exc)
        if registration.status == Registration.Status.WAITING:
            messages.success(
                request, _("Thank you: you are on the waiting list. We have sent you an e-mail.")
            )
        else:
            messages.success(
                request, _("Thank you: your seat is confirmed. We have sent you an e-mail.")
            )
        return redirect(registration)

    def _refused(self, exc: services.RegistrationError):
        context = self.get_context_data(object=self.object, refusal=exc.message)
        return self.render_to_response(
            context, status=410 if exc.code == services.Refusal.EXPIRED else 409
        )
