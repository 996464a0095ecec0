"""Sources and their column mappings, import batches (rows kept as a Parquet file each), check runs, and
the 疑似问题线索 (leads) with their matched pairs, history and attachments.

Scoping: a source, batch and run belong to a county (``county``, its 12-digit code); a lead to the
household's village (``area``), so a township sees the leads of its villages and nothing of other counties.
A batch's rows are not database rows: 10 million of them are one Parquet file under ``VAR_DIR/crosscheck``,
read with Polars (apps/crosscheck/services/storage.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apps.core.models import UploadedFile
from apps.crosscheck.choices import (
    KindChoices,
    RuleChoices,
    RunTrigger,
    SeverityChoices,
    StateChoices,
    VerifyResult,
)
from policy.crosscheck import SOURCES, LeadState

MONEY = {"max_digits": 14, "decimal_places": 2}


class Source(models.Model):
    """One department's list for one county: its saved column mapping, match threshold and rule values."""

    county = models.ForeignKey(
        "areas.Area", verbose_name="县(市、区)", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField("来源代码", max_length=32)  # a key of policy.crosscheck.SOURCES
    kind = models.CharField("数据类别", max_length=20, choices=KindChoices.choices)
    mapping = models.JSONField("列对应关系", default=dict, blank=True)  # field key → the file's header
    threshold = models.DecimalField("匹配阈值", max_digits=4, decimal_places=3)
    params = models.JSONField("规则参数", default=dict, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "数据来源"
        verbose_name_plural = "数据来源"
        ordering = ["county_id", "id"]
        constraints = [models.UniqueConstraint(fields=["county", "code"], name="one_source_per_county_code")]

    def __str__(self) -> str:
        return self.label

    @property
    def definition(self):  # policy.crosscheck.SourceDef
        return SOURCES[self.code]

    @property
    def label(self) -> str:
        return SOURCES[self.code].label

    @property
    def department(self) -> str:
        return SOURCES[self.code].department


class Batch(models.Model):
    """One imported list: dated, numbered per source, never overwritten; its rows are a Parquet file."""

    source = models.ForeignKey(
        Source, verbose_name="数据来源", on_delete=models.PROTECT, related_name="batches"
    )
    county = models.ForeignKey(
        "areas.Area", verbose_name="县(市、区)", on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField("批次号")
    file_name = models.CharField("文件名", max_length=200)
    received_on = models.DateField("收到日期")
    list_date = models.DateField("数据截止日期")
    row_count = models.PositiveIntegerField("行数")
    id_missing = models.PositiveIntegerField("缺少身份证号的行数", default=0)
    id_unchecked = models.PositiveIntegerField("身份证号校验位不符的行数", default=0)
    sha256 = models.CharField("文件SHA-256", max_length=64)
    stored_path = models.CharField("存放位置", max_length=300)  # relative to VAR_DIR/crosscheck
    mapping = models.JSONField("导入时的列对应关系", default=dict)
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "version"], name="one_batch_version_per_source"),
            models.UniqueConstraint(fields=["source", "sha256"], name="a_file_is_imported_once_per_source"),
        ]
        indexes = [models.Index(fields=["county", "source", "-list_date"])]

    def __str__(self) -> str:
        return f"{self.source.label}第{self.version}批（{self.list_date:%Y-%m-%d}）"


class Run(models.Model):
    """One check of a batch against the registry: what was matched, and how many leads it gave."""

    batch = models.ForeignKey(Batch, verbose_name="导入批次", on_delete=models.PROTECT, related_name="runs")
    county = models.ForeignKey(
        "areas.Area", verbose_name="县(市、区)", on_delete=models.PROTECT, related_name="+"
    )
    trigger = models.CharField("方式", max_length=10, choices=RunTrigger.choices, default=RunTrigger.MANUAL)
    threshold = models.DecimalField("匹配阈值", max_digits=4, decimal_places=3)
    persons = models.PositiveIntegerField("比对人数", default=0)
    records = models.PositiveIntegerField("比对记录数", default=0)
    matched = models.PositiveIntegerField("匹配记录数", default=0)
    methods = models.JSONField("匹配方式统计", default=dict)  # method → count
    leads_created = models.PositiveIntegerField("新增线索", default=0)
    leads_known = models.PositiveIntegerField("已有线索（未重复生成）", default=0)
    stored_path = models.CharField("匹配结果存放位置", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="比对人", on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("完成时间")

    class Meta:
        verbose_name = "比对记录"
        verbose_name_plural = "比对记录"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"比对{self.pk}（{self.batch}）"


class Lead(models.Model):
    """疑似问题线索: one rule's finding about one household, with the pairs it rests on."""

    number = models.CharField("线索编号", max_length=32, unique=True)
    area = models.ForeignKey(
        "areas.Area", verbose_name="所在村(社区)", on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        "areas.Area", verbose_name="乡镇(街道)", on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household", verbose_name="家庭", on_delete=models.PROTECT, related_name="+"
    )
    source = models.ForeignKey(
        Source, verbose_name="数据来源", on_delete=models.PROTECT, related_name="leads"
    )
    batch = models.ForeignKey(Batch, verbose_name="导入批次", on_delete=models.PROTECT, related_name="leads")
    run = models.ForeignKey(Run, verbose_name="比对记录", on_delete=models.PROTECT, related_name="leads")
    rule = models.CharField("规则", max_length=32, choices=RuleChoices.choices)
    severity = models.CharField("严重程度", max_length=8, choices=SeverityChoices.choices)
    state = models.CharField(
        "状态", max_length=12, choices=StateChoices.choices, default=LeadState.FOUND.value
    )
    version = models.PositiveIntegerField("版本", default=1)
    explanation = models.CharField("线索说明", max_length=300)
    event_on = models.DateField("事件日期", null=True, blank=True)
    amount_at_risk = models.DecimalField("涉及金额(元)", default=0, **MONEY)
    risk_basis = models.CharField("涉及金额说明", max_length=300, blank=True)
    score = models.FloatField("匹配分值")
    method = models.CharField("匹配方式", max_length=16)
    cases = models.ManyToManyField("assistance.Case", verbose_name="涉及的在保对象", related_name="+")
    fingerprint = models.CharField(max_length=40, unique=True)  # rule, household and pairs: never twice
    found_on = models.DateField("发现日期")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_on = models.DateField("下发日期", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_on = models.DateField("核实日期", null=True, blank=True)
    verify_result = models.CharField("核实结论", max_length=10, choices=VerifyResult.choices, blank=True)
    verify_notes = models.TextField("核实情况", blank=True)
    remedied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    remedied_on = models.DateField("处理日期", null=True, blank=True)
    remedy = models.JSONField("处理结果", default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "疑似问题线索"
        verbose_name_plural = "疑似问题线索"
        ordering = ["-found_on", "-id"]
        indexes = [
            models.Index(fields=["area", "state"]),
            models.Index(fields=["township", "source"]),
            models.Index(fields=["run"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def reference(self) -> str:
        """How a payment hold names this lead (PaymentHold.source)."""
        return f"数据比对线索{self.pk}"

    @property
    def state_label(self) -> str:
        return LeadState(self.state).label

    @property
    def is_open(self) -> bool:
        return LeadState(self.state).open


class LeadItem(models.Model):
    """One matched pair behind a lead: the registry person and the list's row, side by side, and why."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="items")
    person = models.ForeignKey(
        "registry.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="+"
    )
    record_id = models.BigIntegerField("原表行号")
    key = models.CharField(max_length=40, db_index=True)  # the pair under this rule, across batches
    covered = models.BooleanField("保障成员")
    score = models.FloatField("匹配分值")
    method = models.CharField("匹配方式", max_length=16)
    reasons = models.TextField("匹配依据")
    person_data = models.JSONField("系统登记信息")
    record_data = models.JSONField("比对数据")
    event_on = models.DateField("事件日期", null=True, blank=True)

    class Meta:
        verbose_name = "线索匹配明细"
        verbose_name_plural = "线索匹配明细"
        ordering = ["lead_id", "id"]

    def __str__(self) -> str:
        return f"{self.lead_id}:{self.record_id}"


class LeadEvent(models.Model):
    """One step of a lead: its history."""

    lead = models.ForeignKey(Lead, on_delete=models.PROTECT, related_name="events")
    step = models.CharField("环节", max_length=12)
    step_label = models.CharField("环节", max_length=40)
    from_state = models.CharField("原状态", max_length=12, choices=StateChoices.choices, blank=True)
    to_state = models.CharField("新状态", max_length=12, choices=StateChoices.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField("经办人", max_length=150)
    on = models.DateField("办理日期")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField("说明", blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "线索办理记录"
        verbose_name_plural = "线索办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.step_label} {self.on:%Y-%m-%d}"


class LeadAttachment(UploadedFile):
    """A photo or document from the 核实, stored under VAR_DIR; served only through a scoped view."""

    lead = models.ForeignKey(Lead, on_delete=models.PROTECT, related_name="attachments")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "核实附件"
        verbose_name_plural = "核实附件"
        ordering = ["id"]
