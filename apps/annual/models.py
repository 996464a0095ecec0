"""The files generated from an annual appendix. The appendix itself is not stored: it is computed from the
data each time (apps/annual/selectors.py); a file keeps what it said on the day, with its SHA-256."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class FileFormat(models.TextChoices):
    DOCX = "docx", "Word文档（DOCX）"
    XLSX = "xlsx", "表格（XLSX）"


class AnnualFile(models.Model):
    """A generated appendix, kept under ``VAR_DIR/annual/``; ``sha256`` is of the stored bytes."""

    area = models.ForeignKey("areas.Area", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    through = models.DateField("数据截至月份")
    format = models.CharField("格式", max_length=8, choices=FileFormat.choices)
    filename = models.CharField("文件名", max_length=200)
    stored_path = models.CharField("存放位置", max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("大小(字节)")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="生成人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("生成时间")

    class Meta:
        verbose_name = "年度工作总结数据附录文件"
        verbose_name_plural = "年度工作总结数据附录文件"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["area", "year"])]

    def __str__(self) -> str:
        return self.filename
