"""REST API routes, mounted at ``/api/v1/``; the OpenAPI 3 schema is served at ``/api/v1/schema/``.

No browsable docs page is served: drf-spectacular's Swagger UI and Redoc load their scripts from a CDN,
and every asset of minzheng is served locally. Load the schema into any OpenAPI viewer instead.
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from apps.accounts.api import MeView, TokenObtainView
from apps.annual.api import AppendixView as AnnualAppendixView
from apps.areas.api import AreaDetailView, AreaListView
from apps.assistance.api import (
    ApplicationDetailView,
    ApplicationListView,
    CaseDetailView,
    CaseListView,
)
from apps.assistance.api.steps import DecideView, IntakeView, PubliciseView, SurveyView, VerifyView
from apps.crosscheck.api import (
    BatchDetailView,
    BatchListView,
    BatchRunView,
    LeadDetailView,
    LeadListView,
    LeadRemedyView,
    LeadVerifyView,
)
from apps.disclosure.api import CheckView as DisclosureCheckView
from apps.disclosure.api import FileView as DisclosureFileView
from apps.disclosure.api import GenerateView as DisclosureGenerateView
from apps.disclosure.api import ReportView as DisclosureReportView
from apps.facilities.api import FacilityDetailView, FacilityListView
from apps.indicators.api import IndicatorListView
from apps.monitoring.api import AlertDetailView, AlertListView, AlertOutcomeView, RegisterListView
from apps.organisations.api import OrganisationDetailView, OrganisationListView
from apps.payroll.api import FundAccountsView, PayrollApproveView, PayrollDetailView, PayrollLineListView
from apps.payroll.api.bank import PayrollExportView, PayrollReconcileView, PayrollReconciliationView
from apps.registry.api.households import HouseholdDetailView, HouseholdHistoryView, HouseholdListView
from apps.registry.api.persons import PersonDetailView, PersonListView, PersonRevealView
from apps.standards.api import AssessmentCreateView, StandardsView
from apps.statistics.api import MonthlyView as StatisticsMonthlyView
from apps.statistics.api import TrendView as StatisticsTrendView
from apps.targets.api import ProgressView as TargetsProgressView
from apps.workbench.api.cases import CaseChangeView
from apps.workbench.api.inbox import InboxView
from apps.workbench.api.payroll import PayrollListView

app_name = "api"
urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    path("areas/", AreaListView.as_view(), name="area-list"),
    path("areas/<str:code>/", AreaDetailView.as_view(), name="area-detail"),
    path("households/", HouseholdListView.as_view(), name="household-list"),
    # Ids are taken as text so that a malformed one answers the same JSON 404 as a missing one.
    path("households/<str:household_id>/", HouseholdDetailView.as_view(), name="household-detail"),
    path("households/<str:household_id>/history/", HouseholdHistoryView.as_view(), name="household-history"),
    path("persons/", PersonListView.as_view(), name="person-list"),
    path("persons/<str:person_id>/", PersonDetailView.as_view(), name="person-detail"),
    path("persons/<str:person_id>/reveal/", PersonRevealView.as_view(), name="person-reveal"),
    path("organisations/", OrganisationListView.as_view(), name="organisation-list"),
    path(
        "organisations/<str:organisation_id>/", OrganisationDetailView.as_view(), name="organisation-detail"
    ),
    path("facilities/", FacilityListView.as_view(), name="facility-list"),
    path("facilities/<str:facility_id>/", FacilityDetailView.as_view(), name="facility-detail"),
    path("assessments/", AssessmentCreateView.as_view(), name="assessment-create"),
    path("standards/", StandardsView.as_view(), name="standard-list"),
    path("inbox/", InboxView.as_view(), name="inbox"),
    path("applications/", ApplicationListView.as_view(), name="application-list"),
    path("applications/<str:application_id>/", ApplicationDetailView.as_view(), name="application-detail"),
    path("applications/<str:application_id>/intake/", IntakeView.as_view(), name="application-intake"),
    path("applications/<str:application_id>/verify/", VerifyView.as_view(), name="application-verify"),
    path("applications/<str:application_id>/survey/", SurveyView.as_view(), name="application-survey"),
    path(
        "applications/<str:application_id>/publicise/", PubliciseView.as_view(), name="application-publicise"
    ),
    path("applications/<str:application_id>/decide/", DecideView.as_view(), name="application-decide"),
    path("cases/", CaseListView.as_view(), name="case-list"),
    path("cases/<str:case_id>/", CaseDetailView.as_view(), name="case-detail"),
    path("cases/<str:case_id>/change/", CaseChangeView.as_view(), name="case-change"),
    path("payrolls/", PayrollListView.as_view(), name="payroll-list"),
    path("payrolls/<str:payroll_id>/", PayrollDetailView.as_view(), name="payroll-detail"),
    path("payrolls/<str:payroll_id>/approve/", PayrollApproveView.as_view(), name="payroll-approve"),
    path("payrolls/<str:payroll_id>/lines/", PayrollLineListView.as_view(), name="payroll-lines"),
    path("payrolls/<str:payroll_id>/export/", PayrollExportView.as_view(), name="payroll-export"),
    path("payrolls/<str:payroll_id>/reconcile/", PayrollReconcileView.as_view(), name="payroll-reconcile"),
    path(
        "payrolls/<str:payroll_id>/reconciliation/",
        PayrollReconciliationView.as_view(),
        name="payroll-reconciliation",
    ),
    path("funds/", FundAccountsView.as_view(), name="funds"),
    path("crosscheck/leads/", LeadListView.as_view(), name="crosscheck-lead-list"),
    path("crosscheck/leads/<str:lead_id>/", LeadDetailView.as_view(), name="crosscheck-lead-detail"),
    path("crosscheck/leads/<str:lead_id>/verify/", LeadVerifyView.as_view(), name="crosscheck-lead-verify"),
    path("crosscheck/leads/<str:lead_id>/remedy/", LeadRemedyView.as_view(), name="crosscheck-lead-remedy"),
    path("crosscheck/batches/", BatchListView.as_view(), name="crosscheck-batch-list"),
    path("crosscheck/batches/<str:batch_id>/", BatchDetailView.as_view(), name="crosscheck-batch-detail"),
    path("crosscheck/batches/<str:batch_id>/run/", BatchRunView.as_view(), name="crosscheck-batch-run"),
    path("monitoring/alerts/", AlertListView.as_view(), name="monitoring-alert-list"),
    path("monitoring/alerts/<str:alert_id>/", AlertDetailView.as_view(), name="monitoring-alert-detail"),
    path(
        "monitoring/alerts/<str:alert_id>/outcome/",
        AlertOutcomeView.as_view(),
        name="monitoring-alert-outcome",
    ),
    path("monitoring/register/", RegisterListView.as_view(), name="monitoring-register"),
    # 政府信息公开年报: the files route first, as "files/<id>/" would also match "<county>/<year>/".
    path("disclosure/files/<str:file_id>/", DisclosureFileView.as_view(), name="disclosure-file"),
    path("disclosure/<str:county>/<str:year>/", DisclosureReportView.as_view(), name="disclosure-report"),
    path("disclosure/<str:county>/<str:year>/check/", DisclosureCheckView.as_view(), name="disclosure-check"),
    path(
        "disclosure/<str:county>/<str:year>/generate/",
        DisclosureGenerateView.as_view(),
        name="disclosure-generate",
    ),
    path("statistics/monthly/", StatisticsMonthlyView.as_view(), name="statistics-monthly"),
    path("statistics/trend/", StatisticsTrendView.as_view(), name="statistics-trend"),
    path("annual/", AnnualAppendixView.as_view(), name="annual-appendix"),
    path("targets/<str:county>/<str:year>/", TargetsProgressView.as_view(), name="targets-progress"),
    path("indicators/", IndicatorListView.as_view(), name="indicator-list"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
