"""The portal's URLs plus the floor view: base.html with no queries, the stack's own floor.

Used only by the benchmark (override_settings(ROOT_URLCONF=...) in-process, tests.perf.wsgi
under gunicorn); the app itself has no such page.
"""

from django.shortcuts import render
from django.urls import path

from returnportal.urls import handler403, handler500
from returnportal.urls import urlpatterns as portal_urlpatterns

__all__ = ["handler403", "handler500", "urlpatterns"]


def floor(request):
    """The cheapest page the stack can serve: the site layout, no database."""
    return render(request, "base.html")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *portal_urlpatterns]
