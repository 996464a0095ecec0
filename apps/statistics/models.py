"""The monthly fact table the statistics read, and a record of each refresh.

:class:`StatFact` holds one row per village × programme × 城乡 × month with the month's figures (see
:mod:`policy.statistics.measures` for the definitions). It is derived data: every row is rebuilt from the
cases, their events, the payroll lines and the 临时救助 decisions by :mod:`apps.statistics.services`, never
typed in and never edited. :class:`StatRefresh` says, per county and month, when that was last done and
what the source tables looked like then, so a page can tell that newer changes are not yet counted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StatFact(models.Model):
    month = models.DateField("统计月份")  # the first day of the month
    county = models.CharField("县(市、区)", max_length=12)
    township = models.CharField("乡镇(街道)", max_length=12)
    village = models.CharField("村(社区)", max_length=12)
    program = models.CharField("救助项目", max_length=32)
    is_urban = models.BooleanField("城市")
    households = models.PositiveIntegerField("月末在保户数", default=0)
    persons = models.PositiveIntegerField("月末在保人数", default=0)
    new_households = models.PositiveIntegerField("当月新增户数", default=0)
    new_persons = models.PositiveIntegerField("当月新增人数", default=0)
    exit_households = models.PositiveIntegerField("当月退出户数", default=0)
    exit_persons = models.PositiveIntegerField("当月退出人数", default=0)
    paid_lines = models.PositiveIntegerField("实发笔数", default=0)
    paid_cents = models.BigIntegerField("实发金额(分)", default=0)
    grants = models.PositiveIntegerField("临时救助人次", default=0)
    grant_cents = models.BigIntegerField("临时救助金额(分)", default=0)

    class Meta:
        verbose_name = "月度统计"
        verbose_name_plural = "月度统计"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "village", "program", "is_urban"], name="one_stat_fact_per_cell"
            )
        ]
        indexes = [models.Index(fields=["month", "village"]), models.Index(fields=["county", "month"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.village} {self.program}"


class StatRefresh(models.Model):
    """The last refresh of one county's month: when, by whom, and the source watermark it saw."""

    county = models.CharField("县(市、区)", max_length=12)
    month = models.DateField("统计月份")
    refreshed_at = models.DateTimeField("统计时间")
    refreshed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    watermark = models.JSONField("数据版本", default=dict)

    class Meta:
        verbose_name = "统计刷新记录"
        verbose_name_plural = "统计刷新记录"
        constraints = [
            models.UniqueConstraint(fields=["county", "month"], name="one_refresh_per_county_month")
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.month:%Y-%m}"
