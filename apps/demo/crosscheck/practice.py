"""A practice death list (练习用示例名单) for trying the cross-check, as a new user of the demo would: some
of the county's covered people written the way other departments write them — a name typed by ear, a
digit swapped, an ID number missing — among people the registry does not know.

It holds real people's details, so it is an export of personal data: it needs that capability as well as
the cross-check's, and it is audited like any export. A training aid, so it lives with the demo: a
deployment without ``apps.demo`` has no such download.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import TYPE_CHECKING

import numpy as np
import polars as pl
from django.db import transaction

from apps.core.clock import today
from apps.core.exports import csv_writer
from apps.core.models import AuditAction
from apps.core.scoping import require
from apps.core.services import audit_record
from apps.crosscheck.services.frames import registry_frames
from apps.crosscheck.services.sources import county_check
from apps.demo.crosscheck.noise import noisy_records  # the matcher's generator of realistic slips
from policy.errors import ValidationFailed
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

HEADERS = ["姓名", "身份证号", "出生日期", "区划代码", "死亡日期", "注销原因"]
MAX_SIZE = 1000


def _spread(persons: pl.DataFrame, size: int, seed: int) -> pl.DataFrame:
    """The covered people the list names: one from each township first (in code order), so that every
    township's reviewer trying the demo finds a lead of their own to verify, then others at random."""
    wanted = round(size * 0.5)  # noisy_records' share of matches, rounded the same way
    shuffled = persons.sample(fraction=1.0, shuffle=True, seed=seed)
    towns = shuffled.with_columns(town=pl.col("area_code").str.slice(0, 9))
    firsts = towns.unique(subset="town", keep="first", maintain_order=True).sort("town").head(wanted)
    rest = shuffled.join(firsts.select("person_id"), on="person_id", how="anti")
    return pl.concat([firsts.drop("town"), rest.head(wanted - firsts.height)])


@transaction.atomic
def sample_death_list(*, actor: User, county: str, size: int = 20, seed: int = 7) -> bytes:
    """A GBK CSV of ``size`` rows, half of them the county's covered people with the usual slips."""
    require(actor, Capability.CROSSCHECK_IMPORT)
    require(actor, Capability.EXPORT_PERSONAL_DATA)
    area = county_check(actor=actor, county=county)
    if not 2 <= size <= MAX_SIZE:
        raise ValidationFailed.on("size", f"示例名单为2到{MAX_SIZE}行")
    persons = registry_frames(county=county, covered_only=True).persons
    if persons.is_empty():
        raise ValidationFailed.on("county", "该县还没有在保对象，无法生成示例名单")
    on = today()
    frame = noisy_records(
        _spread(persons.select("person_id", "id_number", "name", "birth_date", "area_code"), size, seed),
        n_records=size,
        match_share=0.5,
        seed=seed,
        today=on,
    )
    rng = np.random.default_rng(seed)
    # A covered person died 45 days to 5 months ago: at least one month was paid after the death, so
    # remedying their lead shows a 追回; the others' dates are anywhere in the last five months.
    days = np.where(
        frame["true_person_id"].is_not_null().to_numpy(),
        rng.integers(45, 150, frame.height),
        rng.integers(20, 150, frame.height),
    )
    died = [(on - timedelta(days=int(d))).isoformat() for d in days]
    frame = frame.with_columns(pl.Series("died", died))
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\r\n")  # a trainee opens it in Excel: no cell is a formula
    writer.writerow(HEADERS)
    for row in frame.iter_rows(named=True):
        writer.writerow(
            [
                row["name"],
                row["id_number"] or "",
                row["birth_date_text"] or "",
                row["area_code"] or "",
                row["died"],
                "死亡",
            ]
        )
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        entity_type="crosscheck.sample",
        area_code=area.pk,
        summary=f"生成{area.name}练习用示例死亡名单：{frame.height}行（其中约一半取自在保人员，故意抄错）",
    )
    return out.getvalue().encode("gb18030")
