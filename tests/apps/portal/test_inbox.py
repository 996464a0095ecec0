"""网上办事账号核实's 待办: the accounts waiting in the area of whoever confirms them (the village or the
township), none for a role that does not confirm accounts."""

from __future__ import annotations

from apps.portal.selectors import account_inbox_for
from apps.portal.services.accounts import citizen_account_confirm
from apps.portal.services.registration import Finished
from tests.apps.portal.flow import register
from tests.factories import TOWN_B, VILLAGE_2, UserFactory, household


def _waiting(worker):
    head = household(actor=worker).memberships.get(relation="head").person
    done = register(name=head.name, id_number=head.id_number)  # no phone on record: staff confirm it
    assert done.kind == Finished.PENDING
    return done.profile


def test_an_account_waits_for_the_village_and_the_township_that_confirm_it(worker, reviewer, finance):
    # given an account waiting in the worker's village
    profile = _waiting(worker)

    # then the village and its township see it, oldest first, with no time limit of its own
    for actor in (worker, reviewer):
        [group] = account_inbox_for(actor=actor)
        assert (group.key, group.total, group.overdue, group.kind) == ("accounts", 1, 0, "account")
        assert [p.pk for p in group.rows] == [profile.pk]
    # a role that does not confirm accounts has no such group
    assert account_inbox_for(actor=finance) == []

    # and once confirmed, nothing waits
    citizen_account_confirm(actor=worker, profile=profile, method="window")
    assert account_inbox_for(actor=worker)[0].total == 0


def test_staff_of_another_village_or_township_see_no_waiting_account(worker):
    _waiting(worker)

    for other in (
        UserFactory(role="village_worker", area_id=VILLAGE_2),
        UserFactory(role="township_reviewer", area_id=TOWN_B),
    ):
        assert account_inbox_for(actor=other)[0].total == 0
