"""The files generated from an annual appendix. The appendix itself is not stored: it is computed from the
data each time (apps/annual/selectors.py); a file keeps what it said on the day, with its SHA-256."""

from __future__ import annotations

from django.db import models

from apps.core.models import GeneratedFile


class FileFormat(models.TextChoices):
    DOCX = "docx", "Word文档（DOCX）"
    XLSX = "xlsx", "表格（XLSX）"


class AnnualFile(GeneratedFile):
    """A generated appendix, kept under ``VAR_DIR/annual/``; ``sha256`` is of the stored bytes."""

    area = models.ForeignKey("areas.Area", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    through = models.DateField("数据截至月份")
    format = models.CharField("格式", max_length=8, choices=FileFormat.choices)

    class Meta(GeneratedFile.Meta):
        verbose_name = "年度工作总结数据附录文件"
        verbose_name_plural = "年度工作总结数据附录文件"
        indexes = [models.Index(fields=["area", "year"])]
