"""年度工作总结数据附录: the year's figures of a county or township as tables, sentences and charts, and the
DOCX and XLSX files generated from them."""

from django.apps import AppConfig


class AnnualConfig(AppConfig):
    name = "apps.annual"
    verbose_name = "年度工作总结数据附录"
