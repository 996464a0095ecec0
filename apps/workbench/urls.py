"""Pages that join several apps. The workbench is mounted at the root (minzheng/urls.py), ahead of every
app, so each path is written in full: a page keeps the address it had in the app it came from. Each
module of views/ adds its own paths here."""

from django.urls import path

from apps.workbench.views import cases, home, inbox, payroll, restandard

app_name = "workbench"
urlpatterns = [
    path("", home.home, name="home"),
    path("stats/", home.home_stats, name="home_stats"),  # 社会救助's panel on the home page
    path("assistance/", inbox.inbox, name="inbox"),  # 待办, every office's items
    path("payroll/prepare/", payroll.payroll_prepare_view, name="payroll_prepare"),
    # A case's change pages and 确认调标, which settle the months already paid too (payroll's case_changes).
    path("assistance/cases/<int:pk>/review/", cases.case_review_view, name="case_review"),
    path("assistance/cases/<int:pk>/<str:change>/", cases.case_change_view, name="case_change"),
    path("assistance/restandard/runs/<int:pk>/apply/", restandard.restandard_apply, name="restandard_apply"),
]
