"""The site's URLs plus one page that fails, to exercise the 500 page (tests only)."""

from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401
from engagement.models import MemberState


def broken_page(request):
    """Reads the database, which the test has made fail, as a real outage would."""
    MemberState.objects.count()
    raise AssertionError("unreachable: the database is down")


urlpatterns = [path("test-broken/", broken_page), *urlpatterns]
