"""年度工作总结数据附录 pages under /annual/."""

from django.urls import path

from apps.annual import views

app_name = "annual"
urlpatterns = [
    path("", views.annual_index, name="index"),
    path("generate/", views.annual_generate_view, name="generate"),
    path("files/<int:pk>/", views.annual_file, name="file"),
]
