"""地方标准 and 试算 pages, mounted at /standards/."""

from django.urls import path

from apps.standards import views

app_name = "standards"
urlpatterns = [
    path("", views.index, name="index"),
    path("set/", views.set_value, name="set"),
    path("import/", views.import_page, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("assess/", views.assess_pick, name="assess"),
    path("assess/<int:pk>/", views.assess_household, name="assess_household"),
]
