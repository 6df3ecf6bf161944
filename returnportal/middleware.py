"""Site-wide request guards."""

import logging
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("returnportal.security")


class RejectNulBytesMiddleware:
    """Answer 400 to a NUL byte in the path or query string; PostgreSQL rejects NUL in text."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = unquote(request.META.get("QUERY_STRING", ""))
        if "\x00" in request.path or "\x00" in query:
            logger.warning("rejected_nul_byte path_length=%d", len(request.path))
            return HttpResponse(render_to_string("400.html", request=request), status=400)
        return self.get_response(request)
