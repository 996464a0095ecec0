"""目标管理: one row per target indicator of a county's year, and the progress reports generated from them.

An indicator has a target (value, unit, direction) and either a ``measure`` — the code of a computable
measure in :data:`policy.targets.MEASURES`, whose actual value is computed from the data each time it is
shown — or a hand-entered actual value with its as-of date, a note and an evidence file (stored under
``VAR_DIR/targets/`` with its SHA-256, never overwritten). ``version`` goes up on every change, so a stale
edit form cannot overwrite a newer save.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apps.core.models import GeneratedFile
from policy.targets import Direction, Level

LevelChoices = models.TextChoices("LevelChoices", [(x.name, (x.value, x.label)) for x in Level])  # type: ignore[misc]
DirectionChoices = models.TextChoices(  # type: ignore[misc]
    "DirectionChoices", [(d.name, (d.value, d.symbol)) for d in Direction]
)
MONEY = {"max_digits": 16, "decimal_places": 2}


class Target(models.Model):
    county = models.ForeignKey(
        "areas.Area", verbose_name="县(市、区)", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    level = models.CharField("目标层级", max_length=12, choices=LevelChoices.choices)
    seq = models.PositiveSmallIntegerField("序号", default=1)
    name = models.CharField("指标名称", max_length=200)
    unit = models.CharField("单位", max_length=20)
    direction = models.CharField("比较方式", max_length=4, choices=DirectionChoices.choices)
    target_value = models.DecimalField("目标值", **MONEY)
    measure = models.CharField("绑定数据", max_length=40, blank=True, help_text="为空表示人工填报")
    note = models.CharField("说明", max_length=500, blank=True)
    actual_value = models.DecimalField("实际值（人工填报）", null=True, blank=True, **MONEY)
    actual_on = models.DateField("截至日期", null=True, blank=True)
    actual_note = models.CharField("完成情况说明", max_length=1000, blank=True)
    evidence_name = models.CharField("佐证材料", max_length=200, blank=True)
    evidence_path = models.CharField("佐证材料存放位置", max_length=300, blank=True)
    evidence_sha256 = models.CharField("佐证材料SHA-256", max_length=64, blank=True)
    evidence_size = models.PositiveIntegerField("佐证材料大小(字节)", default=0)
    version = models.PositiveIntegerField("版本", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("最后修改时间")

    class Meta:
        verbose_name = "目标指标"
        verbose_name_plural = "目标指标"
        ordering = ["county_id", "year", "level", "seq", "id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year", "name"], name="one_target_name_per_county_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_level_display()}：{self.name}"


class FileFormat(models.TextChoices):
    DOCX = "docx", "Word文档（DOCX）"
    XLSX = "xlsx", "表格（XLSX）"


class TargetReportFile(GeneratedFile):
    """A generated 目标管理任务完成情况 report, under ``VAR_DIR/targets/reports/``."""

    county = models.ForeignKey(
        "areas.Area", verbose_name="县(市、区)", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    format = models.CharField("格式", max_length=8, choices=FileFormat.choices)

    class Meta(GeneratedFile.Meta):
        verbose_name = "目标管理报告文件"
        verbose_name_plural = "目标管理报告文件"
