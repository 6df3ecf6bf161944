"""The access log: who opened which personal record or export, without the data itself."""

import logging

audit_log = logging.getLogger("returnportal.audit")


class AccessLoggedMixin:
    """Log each successful GET of a view that shows personal data: user id, view, record id."""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            record = kwargs.get("pk") or kwargs.get("slug") or "-"
            audit_log.info(
                "personal_data_opened user=%s view=%s record=%s",
                request.user.pk,
                request.resolver_match.view_name if request.resolver_match else "-",
                record,
            )
        return response
