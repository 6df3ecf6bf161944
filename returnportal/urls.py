"""Root URLs: Polish without a prefix, English under /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from returnportal import views

admin.site.site_header = admin.site.site_title = f"{settings.PORTAL_NAME} — administration"

handler403 = "returnportal.views.permission_denied"
handler500 = "returnportal.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("returnportal.pages.urls")),
    path("", include("returnportal.accounts.urls")),
    path("news/", include("returnportal.news.urls")),
    path("", include("contacts.urls")),
    path("", include("workshops.urls")),
    path("", include("surveys.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:  # uploaded article images; in production the web server serves MEDIA_ROOT
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
