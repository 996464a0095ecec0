"""低收入人口动态监测 pages under /monitoring/."""

from django.urls import path

from apps.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("register/", views.register, name="register"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert"),
    path("alerts/<int:pk>/visit/", views.alert_visit_view, name="alert_visit"),
    path("alerts/<int:pk>/close/", views.alert_close_view, name="alert_close"),
    path("households/<int:pk>/", views.household_page, name="household"),
    path("households/<int:pk>/flag/", views.flag_add_view, name="flag_add"),
    path("households/<int:pk>/alert/", views.alert_manual_view, name="alert_manual"),
    path("flags/<int:pk>/clear/", views.flag_clear_view, name="flag_clear"),
    path("raise/", views.raise_page, name="raise"),
]
