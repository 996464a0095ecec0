"""A county bureau's 政府信息公开工作年度报告 for one year, and the files generated from it.

The report keeps what was entered — the organ's name, the three free-text sections and every figure as
printed text, keyed as in :mod:`policy.disclosure.templates` — and a version that goes up on every save.
Each generated file records the version it was made from and the SHA-256 of the stored bytes; stored
files are never overwritten.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apps.core.models import GeneratedFile


class DisclosureReport(models.Model):
    """One county's report on one year (the county's 民政局 is the reporting organ)."""

    county = models.ForeignKey(
        "areas.Area", verbose_name="县(市、区)", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("报告年度")
    template = models.CharField("报告格式", max_length=8, help_text="2021 或 2019（试行），按年度确定")
    organ = models.CharField("机关名称", max_length=100)
    texts = models.JSONField("正文", default=dict, blank=True)
    cells = models.JSONField("表格数据", default=dict, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField("最后修改时间")

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["county_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["county", "year"], name="one_disclosure_per_year")]

    def __str__(self) -> str:
        return f"{self.organ}{self.year}年政府信息公开工作年度报告"


class FileFormat(models.TextChoices):
    DOCX = "docx", "Word文档（DOCX）"
    HTML = "html", "网页（HTML）"
    XLSX = "xlsx", "表格（XLSX）"


class DisclosureFile(GeneratedFile):
    """A generated report file, kept under ``VAR_DIR/disclosure/``; ``sha256`` is of the stored bytes."""

    report = models.ForeignKey(DisclosureReport, on_delete=models.PROTECT, related_name="files")
    format = models.CharField("格式", max_length=8, choices=FileFormat.choices)
    report_version = models.PositiveIntegerField("数据版本")

    class Meta(GeneratedFile.Meta):
        verbose_name = "年度报告文件"
        verbose_name_plural = "年度报告文件"
