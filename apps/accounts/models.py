"""A bureau user: one role, one area. What they see is everything inside that area and nothing else."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from policy.roles import CITIZEN_LABEL, CITIZEN_ROLE, ROLE_LABELS, Capability, Role, role_can


class User(AbstractUser):
    role = models.CharField(
        "角色",
        max_length=32,
        choices=[(r.value, ROLE_LABELS[r]) for r in Role] + [(CITIZEN_ROLE, CITIZEN_LABEL)],
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name="所属区划", on_delete=models.PROTECT, related_name="users", null=True
    )
    display_name = models.CharField("姓名", max_length=50, blank=True)

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    def can(self, capability: Capability) -> bool:
        """Role check only; the area check is the selectors' job."""
        return self.is_active and self.area_id is not None and role_can(self.role, capability)

    @property
    def is_citizen(self) -> bool:
        """A resident's portal account: never a bureau user, whatever else is set on it."""
        return self.role == CITIZEN_ROLE

    @property
    def role_label(self) -> str:
        if self.is_citizen:
            return CITIZEN_LABEL
        try:
            return ROLE_LABELS[Role(self.role)]
        except ValueError:
            return "未分配角色"
