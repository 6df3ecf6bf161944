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
from django.utils import translation

from returnportal.ratelimits import digest_key, limit_count, limit_full, log_limited

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
    """Count a failed sign-in against the address and the user name.

    The security log gets one line when a counter reaches its limit (the lockout begins),
    not one per refused try: a flood must not flood the log as well.
    """
    count, limit = limit_count(request, group="signin.address", rate=_address_rate, key="ip")
    if limit and count == limit:
        log_limited(request, "signin_address")
    if _username(request):
        count, limit = limit_count(
            request, group="signin.username", rate=_username_rate, key=_username_key
        )
        if limit and count == limit:
            log_limited(request, "signin_username")


class SignInLimitMiddleware:
    """Answer a limited sign-in POST with 429 before the session, CSRF or the hasher run.

    It sits near the top of the stack and serves the page rendered once per language, so
    that under a flood a refusal costs one cache read.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.pages: dict[str, bytes] = {}

    def page(self, request) -> bytes:
        language = translation.get_language_from_path(request.path_info)
        language = language or settings.LANGUAGE_CODE
        if language not in self.pages:
            with translation.override(language):
                self.pages[language] = render_to_string("registration/signin_paused.html").encode()
        return self.pages[language]

    def __call__(self, request):
        if request.method == "POST" and LOGIN_PATH.match(request.path_info) and refusal(request):
            response = HttpResponse(self.page(request), status=429)
            # Logged once when the limit was reached (count_failure), not per refusal.
            response._has_been_logged = True
            return response
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
