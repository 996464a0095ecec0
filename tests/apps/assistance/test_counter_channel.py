"""At the counter (窗口) an application comes from the person or through the village: 网上申请 arrives only
through the portal's 转入办理, so the staff's application form does not offer it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from apps.assistance.models import Application
from apps.registry.selectors import household_members

pytestmark = pytest.mark.usefixtures("standards")


def test_the_counter_form_offers_the_person_or_the_village_but_not_online(worker, family):
    client = Client()
    client.force_login(worker)
    url = reverse("assistance:application_create", args=[family.pk])
    page = client.get(f"{url}?program=dibao").content.decode()
    found = re.search(r'<select name="channel".*?</select>', page, re.S)
    assert found is not None and "申请方式" in page
    options = found.group(0)
    assert "本人申请" in options and "村(社区)代办" in options
    assert 'value="online"' not in options and "网上申请" not in options

    head = household_members(household=family).first()
    response = client.post(
        url,
        {
            "program": "dibao",
            "applicant": head.person_id,
            "channel": "online",
            "reason": "户主患病，家庭无稳定收入",
        },
    )
    assert response.status_code == 200 and not Application.objects.exists()
    assert "online 不在可用的选项中" in response.content.decode()  # refused by the field, beside it
