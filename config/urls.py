"""Root URLs: admin, the REST API v1 with its schema and docs, and the web pages."""

from django.contrib import admin
from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from config import views as site_views
from engagement.api.views import ApiRootView
from engagement.converters import Iso3Converter
from engagement.views import SignInView
from operations import views as operations_views

register_converter(Iso3Converter, "iso3")

api_v1 = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("", include("engagement.api.urls")),
    path("", include("visits.api.urls")),
    path("", include("pledges.api.urls")),
    path("", include("meetings.api.urls")),
    path("", include("reminders.api.urls")),
    path("", include("dashboards.api.urls")),
]

urlpatterns = [
    path("favicon.ico", site_views.favicon, name="favicon"),
    # Health probes, outside any language prefix (operations/views.py, docs/operations.md).
    path("healthz", operations_views.healthz, name="healthz"),
    path("readyz", operations_views.readyz, name="readyz"),
    # The admin signs in through the site's own sign-in (password, then the two-factor code).
    path("admin/login/", SignInView.as_view(redirect_authenticated_user=False), name="admin-login"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The docs pages load Swagger UI and ReDoc from our static files (drf-spectacular-sidecar);
    # Swagger UI's start-up script is a request of its own, so no page needs an inline script.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api_docs/swagger_ui.html"),
        name="swagger-ui",
    ),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="schema", template_name="api_docs/redoc.html"),
        name="redoc",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("engagement.urls")),
    path("", include("visits.urls")),
    path("", include("pledges.urls")),
    path("", include("meetings.urls")),
    path("", include("reminders.urls")),
    path("", include("dashboards.urls")),
]

# Error pages in the site layout (config/views.py); the 500 one renders without the database.
handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
