"""A resident sees the files they uploaded, opens them again, and removes one uploaded by mistake while
nobody has taken the application up: a soft removal, audited, that staff no longer see."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from apps.core.models import AuditAction, AuditLog
from apps.portal.models import OnlineAttachment
from apps.portal.selectors import online_attachment_get_for, online_attachments
from apps.portal.services.citizen import (
    online_attachment_remove,
    online_documents_add,
    online_withdraw,
)
from apps.portal.services.staff import online_forward
from apps.registry.selectors import household_members
from policy.errors import Conflict, NotFound, PermissionDenied
from tests.apps.portal.flow import PNG, citizen_account, png, submit
from tests.factories import household


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _urls(online, attachment) -> tuple[str, str, str]:
    return (
        reverse("portal:detail", args=[online.reference]),
        reverse("portal:attachment", args=[online.reference, attachment.pk]),
        reverse("portal:attachment_remove", args=[online.reference, attachment.pk]),
    )


def test_the_detail_page_lists_each_file_with_its_kind_size_time_and_a_confirmed_delete(citizen):
    online = submit(citizen=citizen, uploads={"identity": [png("身份证正面.png")]})
    file = online.attachments.get()
    detail, view, remove = _urls(online, file)
    page = _client(citizen).get(detail).content.decode()
    assert "身份证正面.png" in page and "图片" in page and f"{len(PNG)} B" in page
    assert file.uploaded_at.astimezone().strftime("%Y-%m-%d") in page
    assert f'href="{view}"' in page and f'action="{remove}"' in page
    assert 'data-confirm="删除后工作人员将看不到“身份证正面.png”' in page


def test_a_resident_opens_their_own_file_but_another_residents_answers_404(citizen, citizen_b):
    online = submit(citizen=citizen)
    file = online.attachments.get()
    _, view, remove = _urls(online, file)
    response = _client(citizen).get(view)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    other = _client(citizen_b)
    assert other.get(view).status_code == 404
    assert other.post(remove).status_code == 404
    # Another resident's own application cannot reach this file either, by its number.
    theirs = submit(citizen=citizen_b, program="tekun")
    assert other.get(reverse("portal:attachment", args=[theirs.reference, file.pk])).status_code == 404
    file.refresh_from_db()
    assert file.removed_at is None


def test_removing_a_file_keeps_it_marks_who_and_when_and_audits_it(citizen, tmp_path):
    online = submit(citizen=citizen)
    online_documents_add(citizen=citizen, online=online, document="other", files=[png("传错了.png")])
    wrong = online.attachments.get(original_name="传错了.png")
    detail, view, remove = _urls(online, wrong)
    client = _client(citizen)
    response = client.post(remove, follow=True)
    assert "已删除其他证明材料：传错了.png。" in response.content.decode()
    wrong.refresh_from_db()
    assert wrong.removed_by == citizen and wrong.removed_at is not None
    assert Path(tmp_path, "attachments", wrong.stored_name).exists()  # the stored file stays
    row = AuditLog.objects.filter(action=AuditAction.DELETE, entity_id=str(online.pk)).get()
    assert row.actor == citizen and row.before["文件名"] == "传错了.png" and "传错了.png" in row.summary
    # Hidden from the resident's page, their link, and the staff's list and link.
    assert "传错了.png" not in client.get(detail).content.decode()
    assert client.get(view).status_code == 404
    assert [a.original_name for a in online_attachments(online=online)] == ["身份证.png"]
    assert OnlineAttachment.objects.filter(pk=wrong.pk).exists()


def test_staff_no_longer_see_a_removed_file(worker):
    resident = citizen_account()
    online = submit(citizen=resident)
    file = online.attachments.get()
    online_attachment_remove(citizen=resident, attachment=file)
    with pytest.raises(NotFound):
        online_attachment_get_for(actor=worker, attachment_id=file.pk)
    page = _client(worker).get(reverse("online:detail", args=[online.pk])).content.decode()
    assert "身份证.png" not in page


def test_a_file_cannot_be_removed_twice(citizen):
    online = submit(citizen=citizen)
    file = online.attachments.get()
    online_attachment_remove(citizen=citizen, attachment=file)
    with pytest.raises(NotFound):
        online_attachment_remove(citizen=citizen, attachment=file)


def test_once_staff_take_it_up_no_file_is_removed_and_no_delete_button_shows(worker):
    family = household(actor=worker)
    head = household_members(household=family).get(relation="head").person
    resident = citizen_account(id_number=head.id_number, name=head.name)
    online = submit(citizen=resident, members=[])
    file = online.attachments.get()
    online_forward(actor=worker, online=online, household_id=family.pk)
    online.refresh_from_db()
    with pytest.raises(Conflict, match="材料不能再删除"):
        online_attachment_remove(citizen=resident, attachment=file)
    detail, view, remove = _urls(online, file)
    client = _client(resident)
    page = client.get(detail).content.decode()
    assert f'href="{view}"' in page and f'action="{remove}"' not in page and "删除" not in page
    response = client.post(remove, follow=True)
    assert "材料不能再删除" in response.content.decode()
    file.refresh_from_db()
    assert file.removed_at is None
    assert not AuditLog.objects.filter(action=AuditAction.DELETE).exists()


def test_a_withdrawn_application_keeps_its_files(citizen):
    online = submit(citizen=citizen)
    online_withdraw(citizen=citizen, online=online)
    online.refresh_from_db()
    with pytest.raises(Conflict):
        online_attachment_remove(citizen=citizen, attachment=online.attachments.get())


def test_staff_cannot_use_the_residents_removal(worker, citizen):
    online = submit(citizen=citizen)
    with pytest.raises(PermissionDenied):
        online_attachment_remove(citizen=worker, attachment=online.attachments.get())
