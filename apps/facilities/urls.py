"""Facility pages (民政服务机构)."""

from django.urls import path

from apps.facilities import views

app_name = "facilities"
urlpatterns = [
    path("", views.facility_list, name="list"),
    path("new/", views.facility_create_view, name="create"),
    path("<int:pk>/", views.facility_detail, name="detail"),
    path("<int:pk>/edit/", views.facility_edit, name="edit"),
    path("<int:pk>/state/", views.facility_state, name="state"),
    path("<int:pk>/capacity/", views.facility_capacity, name="capacity"),
    path("<int:pk>/photos/", views.facility_photo_upload, name="photo_upload"),
    path("photos/<int:pk>/", views.facility_photo, name="photo"),
]
