"""Public pages of workshops and the registrant's own page; staff pages are in views_staff."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, FormView, TemplateView, View
from django.views.generic.detail import SingleObjectMixin

from returnportal.ratelimits import PostRateLimitMixin
from returnportal.views import InvalidFormIs400Mixin
from workshops import home, services
from workshops.forms import InterestForm, RegistrationForm, WorkshopFilterForm
from workshops.ics import workshop_ics
from workshops.models import InterestSubscription, Registration, Workshop


class WorkshopListView(TemplateView):
    """Upcoming (or past) published workshops with filters.

    The list is a cached fragment keyed by a version that every seat change bumps. The form and
    the page of workshops are lazy properties of the view (`view.filter_form`, `view.page_obj`),
    so a warm cache answers without building either and without a query. The fragment's key is
    built from the validated filters and the page number only (`view.cache_key`), never the raw
    query string: `?utm=<anything>` must not add a key to Redis.
    """

    template_name = "workshops/workshop_list.html"
    paginate_by = 20
    archive = False
    FILTERS = ("audience", "topic", "month")
    MAX_PAGE = 500  # a higher number shows the last page, under one key

    @cached_property
    def filter_form(self) -> WorkshopFilterForm:
        asked = any(name in self.request.GET for name in self.FILTERS)
        return WorkshopFilterForm(self.request.GET if asked else None, archive=self.archive)

    @cached_property
    def filters(self) -> dict | None:
        """The chosen filter values once validated; None when the form shows errors."""
        form = self.filter_form
        if not form.is_bound:
            return {}
        if not form.is_valid():
            return None
        return {name: form.cleaned_data[name] for name in self.FILTERS if form.cleaned_data[name]}

    @cached_property
    def filter_query(self) -> str:
        """The valid filters as a query string, for the page links (no stray parameters)."""
        return urlencode(self.filters or {})

    @cached_property
    def page_number(self) -> int | str:
        """The page asked for: 1 for no number (as Paginator.get_page), 'last' out of range."""
        try:
            number = int(self.request.GET.get("page", 1))
        except ValueError:
            return 1
        return number if 1 <= number <= self.MAX_PAGE else "last"

    @cached_property
    def cache_key(self) -> str | None:
        """What the fragment is keyed on; None (rendered afresh) for a form with errors."""
        if self.filters is None:
            return None
        return urlencode({**self.filters, "page": self.page_number})

    @cached_property
    def page_obj(self) -> Page:
        """The requested page; a page number out of range shows the nearest page, not an error."""
        workshops = Workshop.objects.past() if self.archive else Workshop.objects.upcoming()
        paginator = Paginator(self.filter_form.apply(workshops.with_seats()), self.paginate_by)
        number = paginator.num_pages if self.page_number == "last" else self.page_number
        return paginator.get_page(number)

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(
            archive=self.archive,
            cache_version=home.cache_version(),
            **kwargs,
        )


class WorkshopDetailView(DetailView):
    """A workshop's page, cached like the list (see above): a warm cache answers with no query.

    The workshop itself comes from the cache under the current version; its seats are counted
    (`view.workshop_with_seats`) only when the page's body is rendered afresh.
    """

    template_name = "workshops/workshop_detail.html"

    def get_queryset(self):
        return Workshop.objects.public()

    @cached_property
    def cache_version(self) -> int:
        return home.cache_version()

    def get_object(self, queryset=None) -> Workshop:
        key = f"workshops:page:{self.kwargs['slug']}:{self.cache_version}"
        workshop = cache.get(key)
        if workshop is None:
            workshop = super().get_object(queryset)
            cache.set(key, workshop, home.CACHE_SECONDS)
        return workshop

    @cached_property
    def workshop_with_seats(self) -> Workshop:
        return Workshop.objects.with_seats().get(pk=self.object.pk)

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(cache_version=self.cache_version, **kwargs)


def workshop_ics_view(request, slug: str) -> HttpResponse:
    """The workshop as a calendar file."""
    workshop = get_object_or_404(Workshop.objects.public(), slug=slug)
    response = HttpResponse(
        workshop_ics(workshop, language=translation.get_language()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{workshop.slug}.ics"'
    return response


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


class InterestView(InvalidFormIs400Mixin, PostRateLimitMixin, FormView):
    """Put an e-mail on the interest list for a topic (the form also sits on the list page)."""

    ratelimit_rate = "10/h"

    template_name = "workshops/interest_form.html"
    form_class = InterestForm

    def get_initial(self) -> dict:
        """The topic and audience from the list's link (?topic=…&audience=…), when valid."""
        if not self.request.GET:
            return {}
        form = InterestForm(self.request.GET)
        form.is_valid()
        return {
            name: form.cleaned_data[name]
            for name in ("topic", "audience")
            if name in getattr(form, "cleaned_data", {})
        }

    def form_valid(self, form):
        data = form.cleaned_data
        services.interest_subscribe(
            email=data["email"],
            topic=data["topic"],
            audience=data["audience"],
            language=translation.get_language(),
        )
        messages.success(
            self.request,
            _(
                "Thank you. We have sent you an e-mail about your subscription: please check "
                "your inbox. We will write to you when a workshop on this topic is announced."
            ),
        )
        return redirect("workshops:list")


def _asks_one_click(request) -> bool:
    """Whether the body is RFC 8058's `List-Unsubscribe=One-Click` (form-encoded or multipart)."""
    if request.content_type == "multipart/form-data":
        return request.POST.get("List-Unsubscribe") == "One-Click"
    return QueryDict(request.body).get("List-Unsubscribe") == "One-Click"


@method_decorator(never_cache, name="dispatch")
class UnsubscribeView(DetailView):
    """The unsubscribe link in an interest-list e-mail: GET asks, only POST unsubscribes.

    A link scanner (or a mail client's preview) that fetches the link changes nothing. Once
    unsubscribed, the page offers to subscribe again.
    """

    template_name = "workshops/unsubscribe.html"
    context_object_name = "subscription"
    slug_field = slug_url_kwarg = "token"
    queryset = InterestSubscription.objects.all()

    def post(self, request, *args, **kwargs):
        subscription = self.get_object()
        services.interest_unsubscribe(subscription=subscription)
        return redirect("workshops:unsubscribe", token=subscription.token)


class ResubscribeView(SingleObjectMixin, View):
    """Undo ("that was a mistake"): put the address back on the list it left."""

    http_method_names = ["post"]
    slug_field = slug_url_kwarg = "token"
    queryset = InterestSubscription.objects.all()

    def post(self, request, *args, **kwargs):
        subscription = self.get_object()
        services.interest_subscribe(
            email=subscription.email,
            topic=subscription.topic,
            audience=subscription.audience,
            language=subscription.language,
        )
        messages.success(request, _("You are on the list again."))
        return redirect("workshops:list")


@method_decorator(csrf_exempt, name="dispatch")
class OneClickUnsubscribeView(View):
    """The `List-Unsubscribe` URL of RFC 8058: a mail client's "Unsubscribe" button POSTs here.

    The POST carries no cookie and no CSRF token; the unguessable token in the URL is the
    authority, so this view alone is exempt. It answers 204 and is idempotent. A GET (somebody
    opening the URL) goes to the page with the button and changes nothing.
    """

    http_method_names = ["get", "post"]
    page = "workshops:unsubscribe"

    def get_object(self, token: str):
        return get_object_or_404(InterestSubscription, token=token)

    def unsubscribe(self, obj) -> None:
        services.interest_unsubscribe(subscription=obj)

    def get(self, request, token: str):
        self.get_object(token)
        return redirect(self.page, token=token)

    def post(self, request, token: str):
        obj = self.get_object(token)
        if not _asks_one_click(request):
            return HttpResponseBadRequest(
                "Send List-Unsubscribe=One-Click (RFC 8058).", content_type="text/plain"
            )
        self.unsubscribe(obj)
        return HttpResponse(status=204)


def _reminders_registration(token: str) -> Registration:
    registration = services.registration_for_reminders_off(token)
    if registration is None:
        raise Http404("No such link.")
    return registration


@method_decorator(never_cache, name="dispatch")
class RemindersOffView(TemplateView):
    """The unsubscribe link in a reminder: GET asks, only POST turns reminders off."""

    template_name = "workshops/reminders_off.html"

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(
            registration=_reminders_registration(self.kwargs["token"]), **kwargs
        )

    def post(self, request, token: str):
        services.reminders_turn_off(registration=_reminders_registration(token))
        return redirect("workshops:reminders_off", token=token)


class RemindersOffOneClickView(OneClickUnsubscribeView):
    """A reminder's `List-Unsubscribe` URL (RFC 8058), as above."""

    page = "workshops:reminders_off"

    def get_object(self, token: str):
        return _reminders_registration(token)

    def unsubscribe(self, obj) -> None:
        services.reminders_turn_off(registration=obj)
