"""目标管理 pages under /targets/."""

from django.urls import path

from apps.targets import views

app_name = "targets"
# The county is taken as text, so a malformed code answers the same 404 as a county that is not yours.
urlpatterns = [
    path("", views.targets_index, name="index"),
    path("files/<int:pk>/", views.targets_file, name="file"),
    path("items/<int:pk>/edit/", views.target_edit, name="edit"),
    path("items/<int:pk>/delete/", views.target_delete_view, name="delete"),
    path("items/<int:pk>/actual/", views.target_actual, name="actual"),
    path("items/<int:pk>/evidence/", views.target_evidence, name="evidence"),
    path("<str:county>/<int:year>/", views.targets_year, name="year"),
    path("<str:county>/<int:year>/new/", views.target_create_view, name="create"),
    path("<str:county>/<int:year>/generate/", views.targets_generate_view, name="generate"),
]
