"""资金发放 pages under /payroll/."""

from django.urls import path

from apps.payroll import views
from apps.payroll.views import bank

app_name = "payroll"
urlpatterns = [
    path("", views.payroll_list, name="list"),
    # prepare/ runs the cross-check first: the workbench serves it (workbench:payroll_prepare).
    path("funds/", views.fund_accounts, name="funds"),
    path("<int:pk>/", views.payroll_detail, name="detail"),
    path("<int:pk>/approve/", views.payroll_approve_view, name="approve"),
    path("<int:pk>/lines/", views.payroll_lines, name="lines"),
    path("lines/<int:pk>/", views.line_detail, name="line"),
    path("<int:pk>/bank/", bank.payroll_bank, name="bank"),
    path("<int:pk>/export/", bank.payroll_export_view, name="export"),
    path("<int:pk>/reconcile/", bank.payroll_reconcile_view, name="reconcile"),
    path("<int:pk>/reissue/", bank.payroll_reissue_view, name="reissue"),
    path("files/<int:pk>/", bank.payment_file_download, name="file"),
]
