"""Organisation pages (法人和其他组织)."""

from django.urls import path

from apps.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_create_view, name="create"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("<int:pk>/state/", views.organisation_state, name="state"),
    path("<int:pk>/reveal/<str:field>/", views.organisation_reveal_view, name="reveal"),
]
