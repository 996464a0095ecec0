"""URL map: the web UI per app and the REST API under /api/v1/ with its schema.

Django's own admin site is deliberately not mounted: every change goes through the audited services.
"""

from django.apps import apps
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic.base import RedirectView

from apps.portal.urls import online, portal

urlpatterns = [
    # The top floor first: its pages keep the paths they had in the apps below (/, /assistance/, …).
    path("", include("apps.workbench.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("areas/", include("apps.areas.urls")),
    path("registry/", include("apps.registry.urls")),
    path("organisations/", include("apps.organisations.urls")),
    path("facilities/", include("apps.facilities.urls")),
    path("standards/", include("apps.standards.urls")),
    path("assistance/", include("apps.assistance.urls")),
    path("portal/", include(portal)),
    path("online/", include(online)),
    path("payroll/", include("apps.payroll.urls")),
    path("crosscheck/", include("apps.crosscheck.urls")),
    path("monitoring/", include("apps.monitoring.urls")),
    path("statistics/", include("apps.statistics.urls")),
    path("disclosure/", include("apps.disclosure.urls")),
    path("annual/", include("apps.annual.urls")),
    path("targets/", include("apps.targets.urls")),
    path("api/v1/", include("minzheng.api_urls")),
    # Browsers ask for /favicon.ico whatever the page links; the icon itself is a static file.
    path("favicon.ico", RedirectView.as_view(url=static("core/favicon.ico"), permanent=True), name="favicon"),
]
# The demo is the top floor and optional (settings: MINZHENG_DEMO=0 leaves it out), so are its pages.
if apps.is_installed("apps.demo"):
    urlpatterns.append(path("demo/", include("apps.demo.urls")))

handler404 = "apps.core.views.not_found"
