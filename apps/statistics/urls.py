"""统计 pages."""

from django.urls import path

from apps.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.monthly, name="monthly"),
    path("export/", views.export, name="export"),
    path("refresh/", views.refresh, name="refresh"),
]
