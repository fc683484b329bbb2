"""Root URLs: admin, the REST API v1 with its schema and docs, and the web pages."""

from django.contrib import admin
from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config import views as site_views
from engagement.api.views import ApiRootView
from engagement.converters import Iso3Converter

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
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("engagement.urls")),
    path("", include("visits.urls")),
    path("", include("pledges.urls")),
    path("", include("meetings.urls")),
    path("", include("dashboards.urls")),
]

# Error pages in the site layout (config/views.py); the 500 one renders without the database.
handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
