"""The audit trail: one row per write, written in the same transaction as the write."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    MOVE = "move", "成员迁入迁出"  # a person moved from one household to another
    JOIN = "join", "增加成员"  # a person joins a household (a new registration, or one in no household)
    LEAVE = "leave", "移出成员"  # a member leaves a household (移出, 死亡)
    SPLIT = "split", "分户"
    MERGE = "merge", "合户"
    REVEAL = "reveal", "查看完整公民身份号码/电话"
    EXPORT = "export", "导出个人数据"
    IMPORT = "import", "批量导入"
    FLAG = "flag", "标记疑似重复"
    RESOLVE = "resolve", "处理疑似重复"
    TOKEN = "token", "生成接口令牌"
    LOAD = "load", "装载数据"


class AuditLogQuerySet(models.QuerySet["AuditLog"]):
    """Audit rows are append-only: bulk updates and deletes through the ORM are refused."""

    def update(self, **kwargs: object) -> int:
        raise PermissionError("审计日志不可修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计日志不可删除")


class AuditLog(models.Model):
    """Who did what, when, to which record, with the values before and after. Never edited or deleted."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField("操作人姓名", max_length=150)
    action = models.CharField("操作", max_length=16, choices=AuditAction.choices)
    entity_type = models.CharField("对象类型", max_length=40)
    entity_id = models.CharField("对象编号", max_length=40, blank=True)
    summary = models.CharField("摘要", max_length=300, blank=True)
    area_code = models.CharField("所在区划", max_length=12, db_index=True)
    household_id = models.BigIntegerField("相关家庭", null=True, db_index=True)
    before = models.JSONField("修改前", null=True)
    after = models.JSONField("修改后", null=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["entity_type", "entity_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.summary}"

    def save(self, *args: object, **kwargs: object) -> None:
        # A guard, not logic: an existing audit row must never be rewritten.
        if not self._state.adding:
            raise PermissionError("审计日志不可修改")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计日志不可删除")


class GeneratedFile(models.Model):
    """A report file the system generated and keeps (DOCX, XLSX, HTML): where it is stored, its SHA-256,
    checked again on every download, and who made it when. Each report's own model adds what the file is
    of (the report, the area, the year) and its format."""

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
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class UploadedFile(models.Model):
    """A file a user uploaded (a photo, a scan, a PDF), stored under ``VAR_DIR`` by ``apps.core.files`` and
    served only through a scoped view. Each domain's own model adds what the file belongs to (an
    application, a lead, a facility), who uploaded it and when."""

    original_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=200, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小(字节)")

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class OutboundMessage(models.Model):
    """A text message the local sink of apps/core/sms.py kept instead of sending: what the demo's 模拟短信
    page shows and what the tests read their codes from. A deployment with a real gateway writes none."""

    phone = models.CharField("手机号码", max_length=20)
    text = models.CharField("内容", max_length=500)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "模拟短信"
        verbose_name_plural = "模拟短信"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text


class NumberSequence(models.Model):
    """The last business number given, per kind, county and year (apps/core/numbers.py)."""

    kind_code = models.CharField("编号类别", max_length=4)
    county_code = models.CharField("县（区）代码", max_length=6)
    year = models.PositiveSmallIntegerField("年度")
    last_serial = models.PositiveIntegerField("已用流水号", default=0)

    class Meta:
        verbose_name = "编号序列"
        verbose_name_plural = "编号序列"
        constraints = [
            models.UniqueConstraint(fields=["kind_code", "county_code", "year"], name="one_number_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.county_code}-{self.year}-{self.kind_code}：{self.last_serial}"
