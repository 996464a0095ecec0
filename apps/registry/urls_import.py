"""Import and export routes; included into the ``registry`` namespace by apps/registry/urls.py."""

from django.urls import path

from apps.registry import import_views

urlpatterns = [
    path("import/", import_views.import_page, name="import"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("import/report.xlsx", import_views.import_report, name="import_report"),
    path("households/export.xlsx", import_views.household_export_view, name="household_export"),
]
