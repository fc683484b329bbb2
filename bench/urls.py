"""The product's URLs plus the benchmark's plain baseline view."""

from django.urls import path

from bench.views import plain_pledge_page
from config.urls import urlpatterns as product_urlpatterns

urlpatterns = [
    path("bench/plain-pledges/", plain_pledge_page, name="bench-plain-pledges"),
    *product_urlpatterns,
]
