"""Home page."""

from django.urls import path

from apps.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("stats/", views.home_stats, name="home_stats"),
]
