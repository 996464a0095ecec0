"""Service facilities (民政服务机构): the register, its dated states and capacities, and its photos.

A domain adds its own detail in its own app with a one-to-one row (an eldercare institution's 等级 and
备案, a cemetery's sections), never by widening this table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apps.core.models import UploadedFile
from apps.facilities.choices import (
    CapacityKind,
    CoordinateSource,
    FacilityKind,
    FacilityStatus,
    OperatingMode,
)


class Facility(models.Model):
    number = models.CharField("机构编号", max_length=32, unique=True)
    name = models.CharField("机构名称", max_length=200, db_index=True)
    kind = models.CharField("机构类型", max_length=32, choices=FacilityKind.choices, db_index=True)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="facilities", verbose_name="所在区划"
    )
    address = models.CharField("地址", max_length=200, blank=True)
    longitude = models.DecimalField("经度(WGS-84)", max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField("纬度(WGS-84)", max_digits=8, decimal_places=6, null=True, blank=True)
    coordinate_source = models.CharField(
        "坐标来源", max_length=16, choices=CoordinateSource.choices, blank=True
    )
    operator = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilities",
        verbose_name="运营主体",
    )
    operating_mode = models.CharField("运营方式", max_length=16, choices=OperatingMode.choices)
    state = models.CharField(
        "状态", max_length=16, choices=FacilityStatus.choices, default=FacilityStatus.OPERATING
    )
    state_since = models.DateField("状态起始日期")
    served_villages = models.ManyToManyField(
        "areas.Area", blank=True, related_name="serving_facilities", verbose_name="服务村(社区)"
    )
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("最近变动", auto_now=True, db_index=True)

    class Meta:
        verbose_name = "服务机构"
        verbose_name_plural = "服务机构"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["area", "kind"], name="facility_area_kind")]

    def __str__(self) -> str:
        return self.number


class FacilityState(models.Model):
    """One dated state of a facility: 筹建, 运营, 停业, 撤销."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="states")
    state = models.CharField("状态", max_length=16, choices=FacilityStatus.choices)
    effective_on = models.DateField("生效日期")
    reason = models.CharField("原因或依据", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "服务机构状态"
        verbose_name_plural = "服务机构状态"
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_state_display()} {self.effective_on:%Y-%m-%d}"


class FacilityCapacity(models.Model):
    """A facility's capacity of one kind from a date on: the count holds until a later row of that kind."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="capacities")
    kind = models.CharField("类别", max_length=16, choices=CapacityKind.choices)
    count = models.PositiveIntegerField("数量")
    effective_from = models.DateField("起始日期")
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "服务机构容量"
        verbose_name_plural = "服务机构容量"
        ordering = ["kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "kind", "effective_from"], name="facility_capacity_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.count}"


class FacilityPhoto(UploadedFile):
    """A photo of a facility, kept under ``VAR_DIR/facilities/`` with its SHA-256."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="photos")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta(UploadedFile.Meta):
        verbose_name = "服务机构照片"
        verbose_name_plural = "服务机构照片"
