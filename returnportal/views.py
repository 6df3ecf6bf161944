"""Site-wide endpoints that belong to no app: health check and error pages."""

import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from returnportal.celery import app as celery_app

security_log = logging.getLogger("returnportal.security")


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any driver error means "down" to a load balancer
        return f"down: {type(exc).__name__}"
    return "ok"


def _broker_status() -> str:
    if celery_app.conf.task_always_eager:
        return "ok"  # tasks run in-process: there is no broker to reach
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"down: {type(exc).__name__}"
    return "ok"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the database and the broker answer; 503 when either does not."""
    checks = {"database": _database_status(), "broker": _broker_status()}
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Explain an expired or missing form token in the visitor's language."""
    security_log.warning("csrf_failure path=%s reason=%s", request.path, reason)
    return render(request, "403_csrf.html", status=403)
