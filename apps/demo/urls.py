"""The demo's pages under /demo/, mounted only while ``apps.demo`` is installed (minzheng/urls.py)."""

from django.urls import path

from apps.demo import views

app_name = "demo"
urlpatterns = [
    path("crosscheck/sample.csv", views.crosscheck_sample, name="crosscheck_sample"),
    path("sms/", views.sms_sink, name="sms"),
]
