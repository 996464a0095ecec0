"""Assistance pages: 逾期, applications and their steps, notices, 公示 lists, cases, 调标."""

from django.urls import path

from apps.assistance.views import applications, cases, inbox, restandard, steps

app_name = "assistance"
urlpatterns = [
    # "" is 待办, which joins several apps: the workbench serves it at /assistance/ (workbench:inbox).
    path("overdue/", inbox.overdue, name="overdue"),
    path("publicity/<str:code>/", inbox.publicity, name="publicity"),
    path("applications/", applications.application_list, name="application_list"),
    path("households/<int:pk>/apply/", applications.application_create_view, name="application_create"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/intake/", steps.intake, name="application_intake"),
    path("applications/<int:pk>/resubmit/", steps.resubmit, name="application_resubmit"),
    path("applications/<int:pk>/verify/", steps.verify, name="application_verify"),
    path("applications/<int:pk>/survey/", steps.survey, name="application_survey"),
    path("applications/<int:pk>/publicise/", steps.publicise, name="application_publicise"),
    path("applications/<int:pk>/object/", steps.object_, name="application_object"),
    path("applications/<int:pk>/recheck/", steps.recheck, name="application_recheck"),
    path("applications/<int:pk>/decide/", steps.decide, name="application_decide"),
    path("applications/<int:pk>/prepay/", steps.prepay, name="application_prepay"),
    path("applications/<int:pk>/withdraw/", steps.withdraw, name="application_withdraw"),
    path("notices/<int:pk>/", applications.notice_download, name="notice_download"),
    path("attachments/<int:pk>/", applications.attachment_download, name="attachment_download"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    # A case's change pages (cases/<pk>/review/, cases/<pk>/<change>/) settle money too: the workbench's.
    # 调标 (apps/assistance/views/restandard.py)
    path("restandard/", restandard.restandard_start, name="restandard"),
    path("restandard/runs/<int:pk>/", restandard.restandard_run, name="restandard_run"),
    # restandard/runs/<pk>/apply/ (确认调标) settles the months already paid too: the workbench's.
    path("restandard/<str:code>/", restandard.restandard_county, name="restandard_county"),
]
