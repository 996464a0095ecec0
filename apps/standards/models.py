"""Versions of the local parameters: one row per area, parameter, urban/rural kind and date range.

A row is never deleted. Setting a new value from a day closes the range it falls in (``effective_to`` =
the day before); a value set again for the same first day replaces the earlier row, which stays on record
with ``replaced_at`` and ``replaced_by`` pointing at its successor. Resolution
(:mod:`apps.standards.selectors`) reads only rows that were not replaced.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from policy.parameters import CATALOGUE


class StandardVersion(models.Model):
    area = models.ForeignKey(
        "areas.Area", verbose_name="区划", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    key = models.CharField("参数", max_length=60)
    # NULL applies to both kinds; only parameters whose values differ by kind (per_kind) may set it.
    urban = models.BooleanField("城乡", null=True, blank=True)
    value = models.CharField("数值", max_length=1000)
    effective_from = models.DateField("起始日期")
    effective_to = models.DateField("截止日期", null=True, blank=True)
    note = models.CharField("来源说明", max_length=200, blank=True)
    is_demo_value = models.BooleanField("演示值", default=False)
    # A correction (a value set again for the same first day) stamps the old row, then links it to the new
    # one; ``replaced_at`` comes first so the one-live-row constraint below never sees two live rows.
    replaced_at = models.DateTimeField("更正时间", null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", verbose_name="更正为", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="设置人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "地方标准版本"
        verbose_name_plural = "地方标准版本"
        ordering = ["area_id", "key", "urban", "effective_from", "id"]
        indexes = [
            # Resolution reads every row of a handful of areas (the chain above a village) in one query.
            models.Index(fields=["area", "key", "effective_from"], name="standard_area_key_from"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="standard_range_order",
            ),
            # One live row per first day; NULL urban needs its own constraint, as NULLs never collide.
            models.UniqueConstraint(
                fields=["area", "key", "urban", "effective_from"],
                condition=Q(replaced_at__isnull=True, urban__isnull=False),
                name="standard_one_live_per_day_kind",
            ),
            models.UniqueConstraint(
                fields=["area", "key", "effective_from"],
                condition=Q(replaced_at__isnull=True, urban__isnull=True),
                name="standard_one_live_per_day_both",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.key}={self.value} {self.effective_from}起"

    @property
    def label(self) -> str:
        spec = CATALOGUE.get(self.key)
        return spec.label if spec else self.key

    @property
    def unit(self) -> str:
        spec = CATALOGUE.get(self.key)
        return spec.unit if spec else ""

    @property
    def kind_label(self) -> str:
        return {None: "城乡通用", True: "城市", False: "农村"}[self.urban]
