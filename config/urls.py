"""Root URLs: admin, the REST API, its schema and docs, and the web pages."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
