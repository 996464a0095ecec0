"""Area pages: the admin's list of townships and villages, and the urban/rural override."""

from django.urls import path

from apps.areas import views

app_name = "areas"
urlpatterns = [
    path("", views.area_list, name="list"),
    path("<str:code>/urban/", views.area_urban_set, name="urban_set"),
]
