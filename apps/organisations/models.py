"""Organisations (法人和其他组织), their dated state history and the accounts of their own staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apps.organisations.choices import OrganisationKind, OrganisationStatus


class Organisation(models.Model):
    """One legal or other body the bureau deals with, whatever the office: a 社会团体, a facility's operator,
    an enterprise that tenders for services. ``area`` is where it is domiciled (住所), so area scoping
    works on it unchanged."""

    number = models.CharField("组织编号", max_length=32, unique=True)
    name = models.CharField("组织名称", max_length=200, db_index=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True, null=True, blank=True)
    kind = models.CharField("组织类型", max_length=32, choices=OrganisationKind.choices)
    registration_authority = models.CharField("登记管理机关", max_length=100, blank=True)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="organisations", verbose_name="住所所在区划"
    )
    address = models.CharField("住所", max_length=200, blank=True)
    legal_representative_name = models.CharField("法定代表人(负责人)", max_length=50, blank=True)
    legal_representative = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_organisations",
        verbose_name="法定代表人(人员库)",
    )
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    state = models.CharField(
        "状态", max_length=16, choices=OrganisationStatus.choices, default=OrganisationStatus.NORMAL
    )
    state_since = models.DateField("状态起始日期")
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("最近变动", auto_now=True, db_index=True)

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["area", "-updated_at"], name="org_area_recent")]

    def __str__(self) -> str:
        return self.number


class OrganisationState(models.Model):
    """One dated state of an organisation: its registration, a listing, a removal from a list, its end."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="states")
    state = models.CharField("状态", max_length=16, choices=OrganisationStatus.choices)
    effective_on = models.DateField("生效日期")
    reason = models.CharField("原因或依据", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "组织状态"
        verbose_name_plural = "组织状态"
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_state_display()} {self.effective_on:%Y-%m-%d}"


class OrganisationStaff(models.Model):
    """An account that belongs to an organisation's own staff: it sees that organisation's rows only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_staff"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="staff")
    created_at = models.DateTimeField("绑定时间", auto_now_add=True)

    class Meta:
        verbose_name = "组织工作人员"
        verbose_name_plural = "组织工作人员"

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"
