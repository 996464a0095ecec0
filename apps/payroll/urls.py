"""资金发放 pages under /payroll/."""

from django.urls import path

from apps.payroll import views, views_bank

app_name = "payroll"
urlpatterns = [
    path("", views.payroll_list, name="list"),
    path("prepare/", views.payroll_prepare_view, name="prepare"),
    path("funds/", views.fund_accounts, name="funds"),
    path("<int:pk>/", views.payroll_detail, name="detail"),
    path("<int:pk>/approve/", views.payroll_approve_view, name="approve"),
    path("<int:pk>/lines/", views.payroll_lines, name="lines"),
    path("lines/<int:pk>/", views.line_detail, name="line"),
    path("<int:pk>/bank/", views_bank.payroll_bank, name="bank"),
    path("<int:pk>/export/", views_bank.payroll_export_view, name="export"),
    path("<int:pk>/reconcile/", views_bank.payroll_reconcile_view, name="reconcile"),
    path("<int:pk>/reissue/", views_bank.payroll_reissue_view, name="reissue"),
    path("files/<int:pk>/", views_bank.payment_file_download, name="file"),
]
