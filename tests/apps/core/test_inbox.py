"""待办's shared shape: a group counts its rows in one query and fetches its first rows only when they are
read, so the home page's 待办 block (counts only) never loads a row."""

from __future__ import annotations

import pytest

from apps.core.inbox import inbox_group
from apps.registry.models import Person
from tests.factories import household

pytestmark = pytest.mark.django_db


def test_a_group_counts_in_one_query_and_fetches_its_rows_only_when_read(worker, django_assert_num_queries):
    # given a household's people, "due" on their birth dates, and a day after the eldest's only
    household(actor=worker, members=3)
    rows = Person.objects.order_by("birth_date", "id")
    births = sorted({p.birth_date for p in rows})
    on = births[1]
    late = sum(1 for p in rows if p.birth_date < on)

    # when the group is built, its total and overdue count come from one query
    with django_assert_num_queries(1):
        group = inbox_group(
            key="k", label="标签", hint="", rows=rows.all(), on=on, kind="application", due_field="birth_date"
        )
    assert (group.total, group.overdue) == (rows.count(), late) and late >= 1

    # then the rows are fetched once, on first reading, each marked with its days late
    with django_assert_num_queries(1):
        assert [r.pk for r in group.rows] == [p.pk for p in rows] and len(group.rows) == group.total
    assert group.rows[0].days_late > 0 and group.rows[-1].days_late == 0
