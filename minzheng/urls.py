"""URL map: the web UI per app, the REST API under /api/v1/, its schema, and Django admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("apps.core.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("areas/", include("apps.areas.urls")),
    path("registry/", include("apps.registry.urls")),
    path("api/v1/", include("minzheng.api_urls")),
    path("django-admin/", admin.site.urls),
]

handler404 = "apps.core.views.not_found"
