"""The five-level area tree, keyed by the 12-digit national statistical code."""

from __future__ import annotations

from django.db import models

from policy.areas import AreaLevel


class Area(models.Model):
    """One node: 省, 市, 县/区, 乡镇/街道 or 村/社区. The code is the key, so scoping is a range on it."""

    code = models.CharField("统计用区划代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=100)
    level = models.PositiveSmallIntegerField("层级", choices=[(lv.value, lv.label) for lv in AreaLevel])
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_urban = models.BooleanField("城市", default=False, help_text="居委会默认城市，村委会默认农村")
    is_urban_overridden = models.BooleanField("城乡属性已人工调整", default=False)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "code"]), models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def level_label(self) -> str:
        return AreaLevel(self.level).label

    @property
    def kind_label(self) -> str:
        return "城市" if self.is_urban else "农村"
