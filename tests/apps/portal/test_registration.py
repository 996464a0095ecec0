"""注册 on the portal: the name checked against the registry, a one-time code to the phone that proves who
registers, and answers that tell nobody whether a number is registered or already has an account."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.core.models import AuditLog, OutboundMessage
from apps.portal.models import (
    AccountState,
    CitizenProfile,
    CodeOutcome,
    RegistrationCode,
    Verification,
)
from apps.portal.services.codes import TOO_OFTEN
from apps.portal.services.registration import (
    NEUTRAL_REFUSAL,
    Finished,
    citizen_register_finish,
    citizen_register_start,
    name_key,
)
from apps.registry.services.persons import person_create
from policy.errors import ValidationFailed
from tests.apps.portal.flow import citizen_account, code_of, new_phone, register, registration, sink_code
from tests.factories import PASSWORD, VILLAGE, household, new_id_number, person_input

FENG_RUI = "421303199202084835"  # the example: registered as 冯睿
FENG_PHONE = "13912341234"


@pytest.fixture
def feng(worker):
    """冯睿, registered in the worker's village with a mobile phone on record."""
    return person_create(
        actor=worker,
        data=person_input(name="冯睿", id_number=FENG_RUI, hukou_area_code=VILLAGE, phone=FENG_PHONE),
    )


def _users(number: str) -> list[str]:
    users = get_user_model().objects.filter(username__startswith=number)
    return list(users.values_list("username", flat=True))


def _pages(client: Client, **fields: str):
    """Step 1 through the real form; returns its response and the code page that follows."""
    data = {"password": PASSWORD, "password_again": PASSWORD, **fields}
    first = client.post(reverse("portal:register"), data)
    return first, client.get(reverse("portal:register_code"))


_VARYING = re.compile(r"[A-Za-z0-9]{64}|尾号 <strong>\d{4}</strong>")


def _plain(response) -> str:
    """The body without what differs by design: the CSRF token and the tail of the phone."""
    return _VARYING.sub("<varies>", response.content.decode())


# ---------------------------------------------------------------- the name and the phone


def test_someone_elses_id_number_with_another_name_gives_no_account(feng):
    # given 421303199202084835 belongs to 冯睿 in the registry
    client = Client()
    # when a visitor registers it as 张三 with their own phone and enters the code that phone received
    first, page = _pages(client, name="张三", id_number=FENG_RUI, phone="13700002222")
    assert first.status_code == 302 and first["Location"] == reverse("portal:register_code")
    assert "尾号 <strong>2222</strong>" in page.content.decode()
    done = client.post(reverse("portal:register_code"), {"code": sink_code("13700002222")}, follow=True)
    # then there is no account, the answer is the neutral one, and 冯睿's phone got nothing
    assert NEUTRAL_REFUSAL in done.content.decode()
    assert _users(FENG_RUI) == [] and not CitizenProfile.objects.exists()
    assert not OutboundMessage.objects.filter(phone=FENG_PHONE).exists()


def test_the_code_goes_to_the_registry_phone_and_the_typed_phone_is_ignored(feng):
    sent = citizen_register_start(data=registration(name="冯睿", id_number=FENG_RUI, phone="13700003333"))
    assert sent.tail == "1234"
    assert OutboundMessage.objects.filter(phone=FENG_PHONE).count() == 1
    assert not OutboundMessage.objects.filter(phone="13700003333").exists()
    done = citizen_register_finish(code_id=sent.code_id, code=sink_code(FENG_PHONE))
    assert done.kind == Finished.ACTIVE and done.user.username == FENG_RUI and done.user.is_active
    assert done.profile.verified_by == Verification.REGISTRY_PHONE
    assert done.profile.phone == FENG_PHONE and done.profile.area_id == VILLAGE


@pytest.mark.parametrize("typed", ["冯 睿", "冯　睿", " 冯睿 "])
def test_the_name_is_compared_without_spaces_and_full_width_forms(feng, typed):
    done = register(name=typed, id_number=FENG_RUI)
    assert done.kind == Finished.ACTIVE and done.profile.name == "冯睿"


def test_names_with_a_middle_dot_match_however_the_dot_was_typed():
    assert name_key("阿依古丽・买买提") == name_key("阿依古丽·买买提") == name_key("阿依古丽．买买提")
    assert name_key("ＡＢ") == "AB"


def test_a_dead_persons_number_is_refused_like_a_wrong_name(worker):
    from apps.registry.services.persons import person_input_from, person_update

    person = person_create(actor=worker, data=person_input(name="李四", phone=FENG_PHONE))
    data = person_input_from(person)
    data.death_date = timezone.localdate() - timedelta(days=30)
    person_update(actor=worker, person=person, data=data)
    with pytest.raises(ValidationFailed) as caught:
        register(name="李四", id_number=person.id_number)
    assert caught.value.message == NEUTRAL_REFUSAL
    assert not OutboundMessage.objects.filter(phone=FENG_PHONE).exists()


def test_an_unregistered_person_proves_the_phone_they_typed_and_gets_an_account(areas):
    phone = new_phone()
    done = register(name="赵小燕", phone=phone)
    assert done.kind == Finished.ACTIVE and done.user.is_active
    assert done.profile.verified_by == Verification.OWN_PHONE and done.profile.phone == phone


def test_a_registered_person_without_a_mobile_phone_waits_for_the_village(worker):
    family = household(actor=worker)  # nobody in it has a phone on record
    head = family.memberships.get(relation="head").person
    done = register(name=head.name, id_number=head.id_number)
    assert done.kind == Finished.PENDING
    assert done.profile.state == AccountState.PENDING and done.profile.area_id == family.area_id
    assert not done.user.is_active and done.user.username == head.id_number


# ---------------------------------------------------------------- the code


def test_a_wrong_code_counts_and_the_fifth_ends_the_attempt(areas):
    sent = citizen_register_start(data=registration())
    right = code_of(sent)
    wrong = "000000" if right != "000000" else "111111"
    for left in (4, 3, 2, 1):
        with pytest.raises(ValidationFailed) as caught:
            citizen_register_finish(code_id=sent.code_id, code=wrong)
        assert f"还可以再试{left}次" in caught.value.errors["code"][0]
    with pytest.raises(ValidationFailed) as caught:
        citizen_register_finish(code_id=sent.code_id, code=wrong)
    assert "错误次数过多" in caught.value.errors["code"][0]
    with pytest.raises(ValidationFailed) as caught:
        citizen_register_finish(code_id=sent.code_id, code=right)
    assert "已失效" in caught.value.errors["code"][0]
    assert not CitizenProfile.objects.exists()
    assert RegistrationCode.objects.get().outcome == CodeOutcome.FAILED


def test_a_code_is_valid_for_the_configured_time_only(areas, settings):
    settings.MINZHENG_CODE_SECONDS = 60
    start = timezone.now()
    late = citizen_register_start(data=registration(), now=start)
    with pytest.raises(ValidationFailed) as caught:
        citizen_register_finish(code_id=late.code_id, code=code_of(late), now=start + timedelta(seconds=61))
    assert "已过期" in caught.value.errors["code"][0]
    in_time = citizen_register_start(data=registration(), now=start)
    done = citizen_register_finish(
        code_id=in_time.code_id, code=code_of(in_time), now=start + timedelta(seconds=59)
    )
    assert done.kind == Finished.ACTIVE


def test_a_code_works_once(areas):
    sent = citizen_register_start(data=registration())
    code = code_of(sent)
    citizen_register_finish(code_id=sent.code_id, code=code)
    with pytest.raises(ValidationFailed):
        citizen_register_finish(code_id=sent.code_id, code=code)
    assert CitizenProfile.objects.count() == 1


def test_codes_to_one_phone_and_for_one_number_are_limited_per_hour(areas, settings):
    settings.MINZHENG_CODE_SENDS_PER_HOUR = 2
    start = timezone.now()
    phone, number = new_phone(), new_id_number()
    for _ in range(2):
        citizen_register_start(data=registration(phone=phone), now=start)
    with pytest.raises(ValidationFailed) as caught:
        citizen_register_start(data=registration(phone=phone), now=start)
    assert caught.value.message == TOO_OFTEN
    for _ in range(2):
        citizen_register_start(data=registration(id_number=number), now=start)
    with pytest.raises(ValidationFailed):
        citizen_register_start(data=registration(id_number=number), now=start)
    # an hour later the phone may receive codes again
    citizen_register_start(data=registration(phone=phone), now=start + timedelta(hours=1, seconds=1))
    assert OutboundMessage.objects.filter(phone=phone).count() == 3


def test_the_code_is_kept_only_as_a_keyed_hash_and_the_password_hash_goes_when_done(areas):
    sent = citizen_register_start(data=registration())
    row = RegistrationCode.objects.get(pk=sent.code_id)
    code = code_of(sent)
    assert code not in row.code_hash and len(row.code_hash) == 64 and row.password
    citizen_register_finish(code_id=sent.code_id, code=code)
    row.refresh_from_db()
    assert row.password == "" and row.outcome == CodeOutcome.USED


def test_a_failing_gateway_sends_nothing_and_says_so(areas, settings):
    settings.MINZHENG_SMS_BACKEND = "tests.apps.core.test_sms.BrokenGateway"
    with pytest.raises(ValidationFailed) as caught:
        citizen_register_start(data=registration())
    assert "短信发送失败" in caught.value.message
    assert RegistrationCode.objects.get().outcome == CodeOutcome.FAILED


# ---------------------------------------------------------------- an existing account


def test_a_number_with_an_account_answers_like_a_new_one(worker):
    # given two registered people with phones on record, one of whom already has an account
    taken = household(actor=worker, head_phone="13911110001").memberships.get(relation="head").person
    free = household(actor=worker, head_phone="13922220002").memberships.get(relation="head").person
    citizen_account(id_number=taken.id_number, name=taken.name)
    # when each is registered again
    answers = []
    for person in (taken, free):
        first, page = _pages(Client(), name=person.name, id_number=person.id_number, phone=new_phone())
        answers.append(((first.status_code, first["Location"]), page.status_code, _plain(page)))
    # then the answers are the same but for the tail of the phone
    assert answers[0] == answers[1]
    assert "已注册" not in answers[0][2]


def test_an_unregistered_number_with_an_account_answers_like_a_new_one(areas):
    taken = new_id_number()
    citizen_account(id_number=taken, name="王小明")
    answers = []
    for number in (taken, new_id_number()):
        first, page = _pages(Client(), name="王小明", id_number=number, phone=new_phone())
        answers.append(((first.status_code, first["Location"]), page.status_code, _plain(page)))
    assert answers[0] == answers[1]


def test_the_holder_of_a_verified_account_who_registers_again_sets_a_new_password(feng):
    first = register(name="冯睿", id_number=FENG_RUI)
    again = "Another-pass-9"
    done = register(name="冯睿", id_number=FENG_RUI, password=again, password_again=again)
    assert done.kind == Finished.RESET and done.profile.pk == first.profile.pk
    done.user.refresh_from_db()
    assert done.user.check_password(again) and CitizenProfile.objects.count() == 1


def test_an_unregistered_number_with_an_account_gets_the_neutral_refusal(areas):
    number = new_id_number()
    citizen_account(id_number=number, name="王小明")
    with pytest.raises(ValidationFailed) as caught:
        register(name="王小明", id_number=number)
    assert caught.value.message == NEUTRAL_REFUSAL
    assert CitizenProfile.objects.count() == 1


# ---------------------------------------------------------------- audit and form


def test_each_code_and_each_refusal_is_audited_under_the_persons_area(feng):
    with pytest.raises(ValidationFailed):
        register(name="张三", id_number=FENG_RUI)
    rows = AuditLog.objects.filter(entity_type="portal.registrationcode").order_by("id")
    assert [r.area_code for r in rows] == [VILLAGE, VILLAGE]
    assert "验证码已发送" in rows[0].summary and "姓名与户籍登记不符" in rows[1].summary
    assert FENG_RUI not in rows[0].summary  # masked


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("id_number", "42130319800101001X", "校验位"),
        ("phone", "0712-123456", "11位手机号码"),
        ("name", "Wang", "汉字"),
        ("password_again", "something-else-1", "不一致"),
        ("password", "123", "密码"),
    ],
)
def test_registration_names_the_bad_field(areas, field, value, reason):
    data = registration(**{field: value})
    if field == "password":
        data.password_again = value
    with pytest.raises(ValidationFailed) as caught:
        citizen_register_start(data=data)
    assert any(reason in r for r in caught.value.errors[field])
    assert not RegistrationCode.objects.exists() and not OutboundMessage.objects.exists()


def test_the_register_pages_link_to_the_demo_text_messages(areas):
    client = Client()
    assert reverse("demo:sms") in client.get(reverse("portal:register")).content.decode()
    _, page = _pages(client, name="王小明", id_number=new_id_number(), phone=new_phone())
    assert reverse("demo:sms") in page.content.decode()
