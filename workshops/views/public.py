"""The public workshop pages: the list and archive, a workshop and its calendar file, interest."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView

from returnportal.ratelimits import PostRateLimitMixin
from returnportal.views import InvalidFormIs400Mixin
from workshops import home, services
from workshops.forms import InterestForm, WorkshopFilterForm
from workshops.ics import workshop_ics
from workshops.models import Workshop


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
