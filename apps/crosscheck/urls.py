"""数据比对 pages under /crosscheck/."""

from django.urls import path

from apps.crosscheck.views import batches, imports, leads, sources

app_name = "crosscheck"
urlpatterns = [
    path("", leads.lead_list, name="leads"),
    path("stats/", leads.lead_stats, name="stats"),
    path("leads/<int:pk>/", leads.lead_detail, name="lead"),
    path("leads/<int:pk>/assign/", leads.lead_assign_view, name="lead_assign"),
    path("leads/<int:pk>/verify/", leads.lead_verify_view, name="lead_verify"),
    path("leads/<int:pk>/hold/", leads.lead_hold_view, name="lead_hold"),
    path("leads/<int:pk>/remedy/", leads.lead_remedy_view, name="lead_remedy"),
    path("attachments/<int:pk>/", leads.lead_attachment, name="attachment"),
    path("sources/", sources.source_list, name="sources"),
    path("sources/<str:county>/<str:code>/", sources.source_edit, name="source"),
    path("import/", imports.import_page, name="import"),
    path("import/confirm/", imports.import_confirm, name="import_confirm"),
    path("import/report.xlsx", imports.import_report, name="import_report"),
    path("batches/", batches.batch_list, name="batches"),
    path("batches/<int:pk>/", batches.batch_detail, name="batch"),
    path("batches/<int:pk>/run/", batches.batch_run, name="batch_run"),
    path("runs/<int:pk>/", batches.run_detail, name="run"),
    path("runs/<int:pk>/assign/", batches.run_assign, name="run_assign"),
]
