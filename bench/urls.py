"""The product's URLs plus the benchmark's peer and no-op views."""

from django.urls import path

from bench.views import noop, plain_pledge_page
from config.urls import urlpatterns as product_urlpatterns

urlpatterns = [
    path("bench/plain-pledges/", plain_pledge_page, name="bench-plain-pledges"),
    path("bench/noop/", noop, name="bench-noop"),
    *product_urlpatterns,
]
