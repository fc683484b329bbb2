"""The site's URLs plus one view that fails, to see what an unhandled error does (mail, Sentry)."""

from django.http import HttpRequest
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns

FAILURE_MESSAGE = "the failure under test"


def failing_view(request: HttpRequest):
    raise RuntimeError(FAILURE_MESSAGE)


urlpatterns = [path("failing/", failing_view), *site_urlpatterns]
handler500 = "config.views.server_error"
