"""The links in e-mails that stop them: interest lists and reminders (RFC 8058 one-click too)."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, TemplateView, View
from django.views.generic.detail import SingleObjectMixin

from workshops import services
from workshops.models import InterestSubscription, Registration


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
