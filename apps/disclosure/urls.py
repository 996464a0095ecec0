"""政府信息公开工作年度报告 pages under /disclosure/."""

from django.urls import path

from apps.disclosure import views

app_name = "disclosure"
# The county is taken as text, so a malformed code answers the same 404 as a county that is not yours.
urlpatterns = [
    path("", views.disclosure_index, name="index"),
    # Before "<county>/<year>/", which "files/<pk>/" would match too.
    path("files/<int:pk>/", views.disclosure_file, name="file"),
    path("<str:county>/<int:year>/", views.disclosure_report, name="report"),
    path("<str:county>/<int:year>/edit/", views.disclosure_edit, name="edit"),
    path("<str:county>/<int:year>/upload/", views.disclosure_upload, name="upload"),
    path("<str:county>/<int:year>/template/", views.disclosure_template, name="template"),
    path("<str:county>/<int:year>/generate/", views.disclosure_generate_view, name="generate"),
    path("<str:county>/<int:year>/preview/", views.disclosure_preview, name="preview"),
]
