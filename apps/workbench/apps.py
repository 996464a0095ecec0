"""工作台: the top floor. The pages and services that join several apps (the home dashboard, the 待办
inbox, 发放前比对 then 生成发放表, a case change with the money it settles) live here, so that every app
below only looks down."""

from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "apps.workbench"
    label = "workbench"
    verbose_name = "工作台"
