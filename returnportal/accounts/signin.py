"""Sign-in limits that act before the password hasher runs (it costs ~250 ms a try).

Three counters, all in the rate-limit cache (returnportal.ratelimits):

* per address: failed sign-ins from one client address, whatever the user name
  (SIGNIN_ADDRESS_RATE). Random user names from one address stop here.
* per (user name, address): django-axes locks a user name after five wrong passwords *from
  that address*; a colleague signing in from another address is not affected.
* per user name, across addresses (SIGNIN_USERNAME_RATE, much higher): a slow attack from
  many addresses. Past it the user name is refused before hashing, except in a browser that
  has signed in as that user before (a signed "known device" cookie), so the real user
  keeps working from their own machines.

A refused try is answered by `SignInLimitMiddleware`, early in the stack, with a small page:
under a flood each refusal must cost far less than a page view.
"""

import re

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.template.loader import render_to_string

from returnportal.ratelimits import digest_key, limit_full, limit_hit, log_limited

LOGIN_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?accounts/login/$")
DEVICE_COOKIE = "rp_known_device"
DEVICE_SALT = "returnportal.accounts.signin.device"
DEVICE_MAX_AGE = 365 * 24 * 3600


def _address_rate(group, request) -> str:
    return settings.SIGNIN_ADDRESS_RATE


def _username_rate(group, request) -> str:
    return settings.SIGNIN_USERNAME_RATE


def _username(request) -> str:
    return (request.POST.get("username") or "").strip().casefold()[:150]


def _username_key(group, request) -> str:
    return digest_key(_username(request))


def _is_known_device(request, username: str) -> bool:
    value = request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT)
    return bool(username) and value == digest_key(username)


def refusal(request) -> str | None:
    """Why this sign-in is refused before any hashing, or None to let it through."""
    if limit_full(request, group="signin.address", rate=_address_rate, key="ip"):
        return "signin_address"
    username = _username(request)
    if (
        username
        and limit_full(request, group="signin.username", rate=_username_rate, key=_username_key)
        and not _is_known_device(request, username)
    ):
        return "signin_username"
    return None


def count_failure(request) -> None:
    """Count a failed sign-in against the address and the user name."""
    limit_hit(request, group="signin.address", rate=_address_rate, key="ip")
    if _username(request):
        limit_hit(request, group="signin.username", rate=_username_rate, key=_username_key)


class SignInLimitMiddleware:
    """Answer a limited sign-in POST with 429 before the session, CSRF or the hasher run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and LOGIN_PATH.match(request.path_info):
            reason = refusal(request)
            if reason:
                log_limited(request, reason)
                return HttpResponse(render_to_string("registration/signin_paused.html"), status=429)
        return self.get_response(request)


class PortalLoginView(auth_views.LoginView):
    """Django's sign-in that counts failures and remembers the browser of a good sign-in."""

    def form_invalid(self, form):
        count_failure(self.request)
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)
        response.set_signed_cookie(
            DEVICE_COOKIE,
            digest_key(form.get_user().get_username().casefold()),
            salt=DEVICE_SALT,
            max_age=DEVICE_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response
