"""网上申请编号: the resident is told it and sees it in their list; staff see it too."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from tests.apps.portal.flow import submit


def test_an_online_application_has_its_number_in_the_residents_list(citizen):
    online = submit(citizen=citizen)
    assert re.fullmatch(r"421303-\d{4}-WS-00001", online.number) and str(online) == online.number
    client = Client()
    client.force_login(citizen)
    assert online.number in client.get(reverse("portal:mine")).content.decode()
    assert online.number in client.get(reverse("portal:detail", args=[online.reference])).content.decode()
