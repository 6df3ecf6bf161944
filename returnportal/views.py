"""Site-wide endpoints that belong to no app: health check and error pages."""

import logging
import sys

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from returnportal.celery import app as celery_app

logger = logging.getLogger(__name__)
security_log = logging.getLogger("returnportal.security")


def _database_status() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _broker_status() -> None:
    """Ask the broker itself, within the Redis timeout: a hung Redis must not hang the check."""
    conf = celery_app.conf
    if conf.task_always_eager:
        return  # tasks run in-process: there is no broker to reach
    if conf.broker_url.startswith(("redis://", "rediss://")):
        timeout = settings.REDIS_TIMEOUT
        with redis.Redis.from_url(
            conf.broker_url, socket_connect_timeout=timeout, socket_timeout=timeout
        ) as client:
            client.ping()
        return
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=1)


def _cache_status() -> None:
    ping = getattr(cache, "ping", None)  # the Redis cache has one; an in-process cache is up
    if ping is not None:
        ping()


HEALTH_CHECKS = {"database": _database_status, "broker": _broker_status, "cache": _cache_status}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the database, the broker and the cache answer; 503 when one does not.

    The answer is public, so it says only ok/unavailable per part; the error goes to the log.
    """
    checks = {}
    for part, check in HEALTH_CHECKS.items():
        try:
            check()
        except Exception as exc:  # any error means "unavailable" to a load balancer
            logger.error("healthz_unavailable part=%s error=%s", part, type(exc).__name__)
            checks[part] = "unavailable"
        else:
            checks[part] = "ok"
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Explain an expired or missing form token in the visitor's language."""
    security_log.warning("csrf_failure path=%s reason=%s", request.path, reason)
    return render(request, "403_csrf.html", status=403)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page, with the refusal logged (user id and path only, no personal data)."""
    user_id = (
        request.user.pk if getattr(request, "user", None) and request.user.is_authenticated else "-"
    )
    security_log.warning("permission_denied user=%s path=%s", user_id, request.path)
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page; a lost database connection is a 503 that says so, not an error of ours.

    Rendered without the request context: the context processors would need the database.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        security_log.error("database_unavailable path=%s", request.path)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)


class InvalidFormIs400Mixin:
    """A form sent back with errors answers 400, so bad input is never reported as success."""

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
