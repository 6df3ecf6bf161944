"""The staff area's two rules, kept in one place so that a new staff view cannot forget them.

Every view that needs a signed-in user (any of Django's access mixins, password change, Django
admin) is part of the staff area:

- in production a password alone does not open it: the session must also be verified with the
  second factor (the second-factor step itself excepted, or nobody could get in);
- its answers carry personal data and are read on shared office PCs, so no browser or proxy
  may keep them (`Cache-Control: no-store, private`).
"""

from urllib.parse import urlencode

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import PasswordChangeDoneView, PasswordChangeView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

from returnportal.accounts.two_factor import is_two_factor_satisfied

SIGNED_IN_VIEWS = (AccessMixin, PasswordChangeView, PasswordChangeDoneView)


def is_staff_area(request: HttpRequest, view_func) -> bool:
    """Whether the resolved view is one only signed-in people may use."""
    match = request.resolver_match
    if match is not None and "admin" in match.namespaces:
        return True
    view_class = getattr(view_func, "view_class", None)
    return view_class is not None and issubclass(view_class, SIGNED_IN_VIEWS)


def is_second_factor_step(view_func) -> bool:
    return getattr(getattr(view_func, "view_class", None), "is_second_factor_step", False)


class StaffAreaMiddleware:
    """Gate the staff area on the second factor and keep its answers out of every cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "is_staff_area", False):
            patch_cache_control(response, no_store=True, private=True)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        request.is_staff_area = is_staff_area(request, view_func)
        if (
            request.is_staff_area
            and not is_second_factor_step(view_func)
            and request.user.is_authenticated
            and not is_two_factor_satisfied(request.user)
        ):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('two_factor_verify')}?{query}")
        return None
