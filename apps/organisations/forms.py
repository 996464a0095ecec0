"""The forms of the organisation pages: the filter, the organisation itself, and a state change."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.areas.forms import area_filter_choices
from apps.core import clock
from apps.core.forms import FastSelect
from apps.organisations.choices import OrganisationKind, OrganisationStatus
from apps.organisations.selectors import OrganisationFilter
from apps.organisations.services.organisations import OrganisationInput

PLEASE = [("", "请选择")]


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label="名称、统一社会信用代码或组织编号", required=False)
    kind = forms.ChoiceField(
        label="组织类型", required=False, choices=[("", "全部"), *OrganisationKind.choices]
    )
    state = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *OrganisationStatus.choices]
    )
    area = forms.ChoiceField(label="区划", required=False, widget=FastSelect)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_filter_choices(actor)

    def to_filter(self) -> OrganisationFilter:
        if not self.is_valid():
            return OrganisationFilter()
        data = self.cleaned_data
        return OrganisationFilter(q=data["q"], kind=data["kind"], state=data["state"], area_code=data["area"])


class OrganisationForm(forms.Form):
    name = forms.CharField(label="组织名称", max_length=200)
    kind = forms.ChoiceField(label="组织类型", choices=PLEASE + OrganisationKind.choices)
    credit_code = forms.CharField(
        label="统一社会信用代码", required=False, max_length=30, help_text="18位；筹备中的组织可暂不填写"
    )
    registration_authority = forms.CharField(label="登记管理机关", required=False, max_length=100)
    area = forms.ChoiceField(label="住所所在区划", widget=FastSelect)
    address = forms.CharField(label="住所", required=False, max_length=200)
    legal_representative_name = forms.CharField(label="法定代表人(负责人)", required=False, max_length=50)
    legal_representative_id_number = forms.CharField(
        label="法定代表人公民身份号码", required=False, max_length=30, help_text="填写后与人员库中的人员关联"
    )
    contact_phone = forms.CharField(label="联系电话", required=False, max_length=20)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = PLEASE + area_filter_choices(actor)[1:]

    @classmethod
    def initial_of(cls, organisation: Any) -> dict[str, Any]:
        person = organisation.legal_representative
        return {
            "name": organisation.name,
            "kind": organisation.kind,
            "credit_code": organisation.credit_code or "",
            "registration_authority": organisation.registration_authority,
            "area": organisation.area_id,
            "address": organisation.address,
            "legal_representative_name": organisation.legal_representative_name,
            "legal_representative_id_number": person.id_number if person else "",
            "contact_phone": organisation.contact_phone,
            "version": organisation.version,
        }

    def to_input(self) -> OrganisationInput:
        data = self.cleaned_data
        return OrganisationInput(
            name=data["name"],
            kind=data["kind"],
            area_code=data["area"],
            credit_code=data["credit_code"],
            registration_authority=data["registration_authority"],
            address=data["address"],
            legal_representative_name=data["legal_representative_name"],
            legal_representative_id_number=data["legal_representative_id_number"],
            contact_phone=data["contact_phone"],
        )


class OrganisationStateForm(forms.Form):
    state = forms.ChoiceField(label="新的状态")
    effective_on = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label="原因或依据", required=False, max_length=300, help_text="列入名录、撤销须填写（如决定书文号）"
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, allowed: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = PLEASE + allowed
        self.fields["effective_on"].initial = clock.today()
