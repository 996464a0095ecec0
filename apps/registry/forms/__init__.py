"""Registry forms. They only parse what a person typed; every rule is checked once, in the services.

Field names match the keys of :class:`policy.errors.ValidationFailed` (``id_number``, ``area``,
``members-1-id_number`` …) so a service's reasons land next to the field they are about.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone

from apps.areas.forms import area_filter_choices, areas_of, village_choices
from apps.areas.selectors import area_get_for
from apps.core.forms import FastSelect
from apps.registry.choices import (
    ETHNICITY_CHOICES,
    AccountType,
    DisabilityCategory,
    DisabilityGrade,
    DuplicateStatus,
    Employment,
)
from apps.registry.forms.finances import AssetForm as AssetForm  # re-exported: one record at a time
from apps.registry.forms.finances import IncomeForm as IncomeForm
from apps.registry.selectors import HouseholdFilter
from apps.registry.services.households import HouseholdInput
from apps.registry.services.persons import CARE_FIELDS, PersonInput
from policy.ages import born_by
from policy.household import RELATION_LABELS, Relation
from policy.selfcare import SELF_CARE_ITEMS

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.registry.models import Household

RELATIONS = [(r.value, RELATION_LABELS[r]) for r in Relation]
NON_HEAD_RELATIONS = [c for c in RELATIONS if c[0] != Relation.HEAD]
URBAN_CHOICES = [("", "按村(社区)默认"), ("1", "城市"), ("0", "农村")]
CARE_CHOICES = [("", "未评估"), ("1", "能"), ("0", "不能")]
MIN_ID_DIGITS = 10
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _blank(label: str, choices: Iterable[tuple[Any, str]]) -> list[tuple[Any, str]]:
    return [("", label), *choices]


def _tri(value: str) -> bool | None:
    return None if value == "" else value == "1"


class SearchForm(forms.Form):
    q = forms.CharField(
        label="姓名或公民身份号码",
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "如：张伟 或 421303…"}),
    )
    area = forms.ChoiceField(widget=FastSelect, label="区域", required=False)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_filter_choices(actor)

    def clean_q(self) -> str:
        q = self.cleaned_data["q"].strip()
        # Six digits name a whole county: a search that matches everyone and helps no one.
        if q[:1].isdigit() and len(q) < MIN_ID_DIGITS:
            raise forms.ValidationError(
                f"按公民身份号码查询时，请至少输入前{MIN_ID_DIGITS}位（地区码和出生年份）"
            )
        return q


class HouseholdFilterForm(SearchForm):
    q = forms.CharField(
        label="户主/成员姓名、公民身份号码或户编号",
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    urban = forms.ChoiceField(
        widget=FastSelect, label="城乡", required=False, choices=[("", "全部"), ("1", "城市"), ("0", "农村")]
    )
    disabled = forms.BooleanField(label="有残疾成员", required=False)
    elderly = forms.BooleanField(label="有80周岁以上老人", required=False)

    def to_filter(self) -> HouseholdFilter:
        """The selector's filter from the cleaned data; the empty filter when nothing was asked."""
        if not self.is_bound or not self.is_valid():
            return HouseholdFilter()
        d = self.cleaned_data
        return HouseholdFilter(
            q=d["q"].strip(),
            area_code=d["area"],
            is_urban=None if d["urban"] == "" else d["urban"] == "1",
            has_disabled=d["disabled"],
            # 80周岁以上: born on or before this day 80 years ago.
            has_elderly_since=born_by(timezone.localdate(), 80).isoformat() if d["elderly"] else "",
        )


class HouseholdForm(forms.Form):
    area = forms.ChoiceField(
        widget=FastSelect, label="所在村(社区)", error_messages={"required": "请选择所在村(社区)"}
    )
    address = forms.CharField(label="家庭住址", required=False, max_length=200)
    is_urban = forms.TypedChoiceField(
        widget=FastSelect,
        label="城乡属性",
        required=False,
        choices=URBAN_CHOICES,
        coerce=_tri,
        empty_value=None,
    )
    account_type = forms.ChoiceField(
        widget=FastSelect, label="发放账户类型", choices=AccountType.choices, initial=AccountType.BANK
    )
    bank_name = forms.CharField(label="开户银行", required=False, max_length=60)
    account_number = forms.CharField(
        label="账号",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    account_holder = forms.CharField(label="账户户名", required=False, max_length=50)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = village_choices(actor)
        self.fields["area"].choices = _blank("请选择", villages)
        if len(villages) == 1 and not isinstance(villages[0][1], list):  # a village worker has one choice
            self.fields["area"].choices = villages  # nothing to choose: no "请选择"
            self.fields["area"].initial = villages[0][0]
            self.fields["is_urban"].initial = (
                "1" if area_get_for(actor=actor, code=villages[0][0]).is_urban else "0"
            )

    @staticmethod
    def initial_from(household: Household) -> dict[str, Any]:
        return {
            "area": household.area_id,
            "address": household.address,
            "is_urban": "1" if household.is_urban else "0",
            "account_type": household.account_type,
            "bank_name": household.bank_name,
            "account_number": household.account_number,
            "account_holder": household.account_holder,
        }

    def to_input(self) -> HouseholdInput:
        d = self.cleaned_data
        return HouseholdInput(
            area_code=d["area"],
            address=d.get("address") or "",
            is_urban=d.get("is_urban"),
            account_type=d.get("account_type") or AccountType.BANK,
            bank_name=d.get("bank_name") or "",
            account_number=d.get("account_number") or "",
            account_holder=d.get("account_holder") or "",
        )


class _PersonFields(forms.Form):
    """The person fields shared by the member rows of a new household and the person edit page."""

    name = forms.CharField(label="姓名", required=False, max_length=50)
    id_number = forms.CharField(
        label="公民身份号码",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "maxlength": 18}),
    )
    ethnicity = forms.ChoiceField(widget=FastSelect, label="民族", choices=ETHNICITY_CHOICES, initial="汉族")
    phone = forms.CharField(
        label="联系电话", required=False, max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    hukou_area = forms.ChoiceField(widget=FastSelect, label="户籍地", required=False)
    disability_category = forms.ChoiceField(
        widget=FastSelect, label="残疾类别", required=False, choices=_blank("无", DisabilityCategory.choices)
    )
    disability_grade = forms.TypedChoiceField(
        widget=FastSelect,
        label="残疾等级",
        required=False,
        coerce=int,
        empty_value=None,
        choices=_blank("—", DisabilityGrade.choices),
    )
    employment = forms.ChoiceField(
        widget=FastSelect, label="就业状况", required=False, choices=_blank("未填写", Employment.choices)
    )
    serious_illness = forms.BooleanField(label="患重特大疾病", required=False)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["hukou_area"].choices = _blank("同家庭所在村(社区)", village_choices(actor))

    def to_input(self, *, id_number: str | None = None, hukou_default: str = "") -> PersonInput:
        """The service's input from the cleaned data; ``id_number`` overrides a blank field."""
        d = self.cleaned_data
        care = {k: d.get(k) for k in CARE_FIELDS if k in d}
        return PersonInput(
            name=d.get("name") or "",
            id_number=(d.get("id_number") or "").strip() or (id_number or ""),
            hukou_area_code=d.get("hukou_area") or hukou_default,
            ethnicity=d.get("ethnicity") or "汉族",
            phone=(d.get("phone") or "").strip(),
            residence_area_code=d.get("residence_area") or "",
            residence_address=d.get("residence_address") or "",
            disability_category=d.get("disability_category") or "",
            disability_grade=d.get("disability_grade"),
            disability_cert_no=d.get("disability_cert_no") or "",
            care=care,
            care_assessed_on=d.get("care_assessed_on"),
            serious_illness=bool(d.get("serious_illness")),
            illness_note=d.get("illness_note") or "",
            employment=d.get("employment") or "",
            death_date=d.get("death_date"),
        )


class MemberForm(_PersonFields):
    """One member row of a new household, or a new person joining an existing one."""

    # No default: a relation guessed for the worker (子女) is a relation nobody checked. A row left blank
    # (no name, no ID) is skipped, so the choice is required only of a row that is filled in (clean).
    relation = forms.ChoiceField(widget=FastSelect, label="与户主关系", required=False)
    field_order = ["relation", "name", "id_number"]

    def __init__(self, *args: Any, head_allowed: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["relation"].choices = _blank("请选择", RELATIONS if head_allowed else NON_HEAD_RELATIONS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.is_blank() and not data.get("relation"):
            self.add_error("relation", "请选择与户主关系")
        return data

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not (data.get("name") or "").strip() and not (data.get("id_number") or "").strip()


MemberFormSet = forms.formset_factory(MemberForm, extra=0, max_num=30, absolute_max=30)


def member_formset(actor: User, data: Any = None) -> Any:
    """The member rows of the create page: the head first, then one more row to fill."""
    return MemberFormSet(
        data,
        prefix="members",
        form_kwargs={"actor": actor},
        initial=None if data is not None else [{"relation": Relation.HEAD}, {}],
    )


class PersonForm(_PersonFields):
    """Every field of a person, for the edit page. A blank ID number keeps the one on record."""

    residence_area = forms.ChoiceField(widget=FastSelect, label="居住地", required=False)
    residence_address = forms.CharField(label="居住地址", required=False, max_length=200)
    disability_cert_no = forms.CharField(label="残疾人证号", required=False, max_length=30)
    care_assessed_on = forms.DateField(label="自理能力评估日期", required=False, widget=DATE)
    illness_note = forms.CharField(label="疾病说明", required=False, max_length=200)
    death_date = forms.DateField(label="死亡日期", required=False, widget=DATE)

    def __init__(self, *args: Any, extra_areas: Iterable[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = village_choices(self.actor)
        # A 户籍 or residence outside the actor's area stays selectable, so saving the page keeps it.
        known = {code for code, _, _ in areas_of(self.actor, 5)}
        extra = [(code, name) for code, name in extra_areas if code and code not in known]
        self.fields["hukou_area"].choices = _blank("请选择", extra + villages)
        self.fields["residence_area"].choices = _blank("未填写", extra + villages)
        self.fields["id_number"].help_text = "不修改请留空"
        for key, label in SELF_CARE_ITEMS:
            self.fields[f"care_{key}"] = forms.TypedChoiceField(
                widget=FastSelect,
                label=label,
                required=False,
                choices=CARE_CHOICES,
                coerce=lambda v: v == "1",
                empty_value=None,
            )

    @property
    def care_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in CARE_FIELDS]


class MoveInForm(forms.Form):
    id_number = forms.CharField(
        label="公民身份号码", max_length=30, error_messages={"required": "请填写要迁入人员的公民身份号码"}
    )
    relation = forms.ChoiceField(widget=FastSelect, label="迁入后与户主关系", choices=NON_HEAD_RELATIONS)


class MemberEndForm(forms.Form):
    reason = forms.ChoiceField(
        widget=FastSelect, label="离开原因", choices=[("removed", "移出家庭"), ("died", "死亡")]
    )


class HeadChangeForm(forms.Form):
    new_head = forms.TypedChoiceField(widget=FastSelect, label="新户主", coerce=int)
    old_head_relation = forms.ChoiceField(
        widget=FastSelect, label="原户主与新户主的关系", choices=NON_HEAD_RELATIONS
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_head"].choices = members


class RelationsForm(forms.Form):
    """One relation select per member (``rel_<person id>``); blank means the member is not included."""

    def __init__(
        self, *args: Any, members: list[tuple[int, str]], blank: str | None, head_allowed: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = RELATIONS if head_allowed else NON_HEAD_RELATIONS
        for pid, name in members:
            self.fields[f"rel_{pid}"] = forms.ChoiceField(
                widget=FastSelect,
                label=name,
                required=blank is None,
                choices=_blank(blank, choices) if blank else choices,
            )

    def relations(self) -> dict[int, str]:
        return {int(k[4:]): v for k, v in self.cleaned_data.items() if k.startswith("rel_") and v}


class MergeTargetForm(forms.Form):
    target = forms.IntegerField(
        label="并入的目标家庭编号",
        min_value=1,
        error_messages={"required": "请填写目标家庭编号", "invalid": "家庭编号应为数字"},
    )


class DuplicateResolveForm(forms.Form):
    status = forms.ChoiceField(
        widget=FastSelect,
        choices=[
            (DuplicateStatus.DISTINCT, DuplicateStatus.DISTINCT.label),
            (DuplicateStatus.SAME, DuplicateStatus.SAME.label),
        ],
    )
