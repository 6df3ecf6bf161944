"""Site-wide request guards."""

import logging
import unicodedata
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


class NormaliseUnicodeMiddleware:
    """Store what people type in one Unicode form (NFC): "Łukasz" typed with a combining
    accent on a phone is then the same name as "Łukasz" typed on a desktop."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            post = request.POST.copy()
            for key, values in post.lists():
                post.setlist(key, [unicodedata.normalize("NFC", value) for value in values])
            post._mutable = False
            request.POST = post
        return self.get_response(request)
