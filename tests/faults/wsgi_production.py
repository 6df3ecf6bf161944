"""The portal's WSGI application in production mode, without a collectstatic run.

Production settings (DJANGO_DEBUG=0) serve static files from a manifest that only
`collectstatic` writes; the fault tests do not need hashed file names, so the plain storage
stands in for it. Everything else is the production configuration.
"""

import os

from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnportal.settings")
settings.STORAGES["staticfiles"]["BACKEND"] = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
