"""The batch matcher: the same rules as policy.matching over columns, and its precision and recall on a
generated list with known truth."""

from __future__ import annotations

import random
from datetime import date

import polars as pl
import pytest

from apps.crosscheck.services.idcolumns import id_columns, id_keys, repair_candidates
from apps.crosscheck.services.matcher import STEPS, explain, match_frames, score_pairs
from apps.crosscheck.services.namecolumns import readings_of, with_names
from apps.demo.crosscheck.noise import noisy_records, registry_persons
from policy.identity import id_number_make, id_number_normalize
from policy.matching import (
    DEFAULT_THRESHOLD,
    PersonKey,
    RecordKey,
    id_is_valid,
    id_repair_candidates,
    name_initials,
    name_key,
    name_pinyin,
    score_pair,
)

TODAY = date(2026, 11, 1)
BORN = date(1956, 3, 7)
IDS = [id_number_make(area_code="421303", birth_date=BORN, sequence=s) for s in (123, 125, 200, 201)]


def persons_frame(rows: list[tuple[str, str, date, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        [(i + 1, *row) for i, row in enumerate(rows)],
        schema=["person_id", "id_number", "name", "birth_date", "area_code"],
        orient="row",
    )


def records_frame(rows: list[tuple[str | None, str, date | None, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        [(100 + i, *row) for i, row in enumerate(rows)],
        schema={
            "record_id": pl.Int64,
            "id_number": pl.String,
            "name": pl.String,
            "birth_date": pl.Date,
            "area_code": pl.String,
        },
        orient="row",
    )


PERSONS = persons_frame(
    [
        (IDS[0], "王峰", BORN, "421303001001"),
        (IDS[1], "曾小贤", BORN, "421303001002"),
        (IDS[2], "李秀英", BORN, "421303002001"),
    ]
)


def matched(records: pl.DataFrame, persons: pl.DataFrame = PERSONS, **kwargs: object) -> dict[int, tuple]:
    out = match_frames(persons=persons, records=records, today=TODAY, **kwargs)
    return {
        r["record_id"]: (r["person_id"], r["score"], r["method"], r["reasons"])
        for r in out.iter_rows(named=True)
    }


def test_exact_repaired_and_fuzzy_matches_carry_method_score_and_reasons():
    # given
    wrong_check = IDS[0][:17] + ("0" if IDS[0][17] != "0" else "1")
    old15 = IDS[2][:6] + IDS[2][8:17]
    records = records_frame(
        [
            (IDS[0], "王峯", None, None),
            (wrong_check, "王峰", None, None),
            (None, "增小贤", BORN, "421303001002"),
            (None, "李秀荚", BORN, "421303002001"),
            (old15, "李秀英", None, None),
        ]
    )

    # when
    result = matched(records)

    # then
    assert result == {
        100: (1, 1.0, "exact", "身份证号一致；姓名一致（异体字：“峯”/“峰”）"),
        101: (1, 1.0, "id_repaired", "身份证号纠错后一致（第18位校验码“0”应为“6”）；姓名一致"),
        102: (
            2,
            0.94,
            "fuzzy",
            "外部记录无身份证号；姓名拼音相同（同音字：“增”/“曾”）；出生日期一致；同村（社区）",
        ),
        103: (3, 0.86, "fuzzy", "外部记录无身份证号；姓名相差一字（“荚”/“英”）；出生日期一致；同村（社区）"),
        104: (3, 1.0, "id_repaired", "身份证号纠错后一致（15位旧号码，已升为18位）；姓名一致"),
    }


def test_a_valid_number_of_nobody_is_not_fuzzy_matched_even_with_the_same_name_and_birth_day():
    records = records_frame([(IDS[3], "王峰", BORN, "421303001001")])

    assert matched(records) == {}


def test_a_record_with_no_number_and_no_birth_date_is_not_matched_on_name_and_village_alone():
    records = records_frame([(None, "王峰", None, "421303001001")])

    assert matched(records) == {}


def test_persons_with_the_same_best_score_are_reported_once_with_a_tie_reason():
    persons = persons_frame([(IDS[0], "王伟", BORN, "421303001001"), (IDS[1], "王伟", BORN, "421303001001")])
    records = records_frame([(None, "王伟", BORN, "421303001001")])

    person_id, _, method, reasons = matched(records, persons)[100]

    assert (person_id, method) == (1, "fuzzy")
    assert reasons.endswith("另有1名人员得分相同，请人工核实")


def test_a_higher_threshold_drops_the_weaker_matches():
    records = records_frame([(IDS[0], "王峰", None, None), (None, "李秀荚", BORN, "421303002001")])

    assert set(matched(records, threshold=0.9)) == {100}


def test_other_columns_of_the_records_are_ignored():
    records = records_frame([(IDS[0], "王峰", None, None)]).with_columns(死亡日期=pl.lit("2025-01-01"))

    assert matched(records)[100][2] == "exact"


def test_progress_is_told_each_step_and_the_end():
    calls: list[tuple[str, int, int]] = []

    matched(records_frame([(IDS[0], "王峰", None, None)]), progress=lambda *call: calls.append(call))

    assert calls == [(label, i, len(STEPS)) for i, label in enumerate(STEPS)] + [
        ("比对完成", len(STEPS), len(STEPS))
    ]


def test_the_column_scores_equal_score_pair_on_random_pairs():
    # given: noisy records, each paired with its true person, a random person and a namesake if any
    rng = random.Random(3)
    persons = registry_persons(400, seed=3, today=TODAY)
    records = noisy_records(persons, n_records=300, match_share=0.6, seed=4, today=TODAY)
    by_name = {name: pid for pid, name in persons.select("person_id", "name").iter_rows()}
    links = []
    for rid, truth, name in records.select("record_id", "true_person_id", "name").iter_rows():
        links += [(rid, truth)] if truth else []
        links += [(rid, rng.randint(1, persons.height))]
        links += [(rid, by_name[name])] if name in by_name else []
    r_id = id_columns(records["id_number"], today=TODAY).number
    recs = records.select("record_id", r_name="name", r_birth="birth_date", r_area="area_code").with_columns(
        r_id=r_id
    )
    people = persons.select(
        "person_id", p_id="id_number", p_name="name", p_birth="birth_date", p_area="area_code"
    )
    pairs = pl.DataFrame(links, schema=["record_id", "person_id"], orient="row").unique()
    pairs = pairs.join(recs, on="record_id").join(people, on="person_id")

    # when
    scored = score_pairs(pairs, today=TODAY)
    scored = scored.with_columns(reasons=explain(scored))

    # then
    raw = dict(records.select("record_id", "id_number").iter_rows())
    assert scored.height > 500
    assert set(scored["method"]) == {"exact", "id_repaired", "fuzzy", "conflict"}
    for row in scored.iter_rows(named=True):
        person = PersonKey(row["p_id"], row["p_name"], row["p_birth"], row["p_area"])
        record = RecordKey(raw[row["record_id"]], row["r_name"], row["r_birth"], row["r_area"])
        expected = score_pair(person=person, record=record, today=TODAY)
        assert (row["score_pm"] / 1000, row["method"], row["reasons"]) == (
            expected.score,
            expected.method,
            "；".join(expected.reasons),
        ), (person, record)


def test_the_column_keys_pinyin_and_initials_equal_the_scalar_ones():
    noisy = noisy_records(registry_persons(500, seed=7, today=TODAY), n_records=1000, seed=8, today=TODAY)
    names = pl.concat(
        [noisy["name"], pl.Series(["尉迟恭", "万俟卨", "单 田芳", "买买提·艾力", "Ａ王", "峯", ""])]
    )
    frame = names.to_frame("n")

    got = with_names(frame, "n", "x", readings_of(names))

    for name, key, py, initials in got.iter_rows():
        expected = name_key(name)
        assert (key, py, initials) == (
            expected,
            " ".join(name_pinyin(expected)) or None,
            name_initials(expected) or None,
        )


def random_numbers(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        good = id_number_make(
            area_code=rng.choice(["421303", "420921", "110105"]),
            birth_date=date(rng.randint(1900, 2025), rng.randint(1, 12), rng.randint(1, 28)),
            sequence=rng.randint(0, 999),
        )
        p, j = rng.randrange(18), rng.randrange(16)
        out += [
            good,
            good[:17] + rng.choice("0123456789X"),
            good[:j] + good[j + 1] + good[j] + good[j + 2 :],
            good[:p] + rng.choice("0123456789") + good[p + 1 :],
            good[:6] + good[8:17],
            good[:17],
            " " + good.lower() + " ",
            "".join(rng.choice("0123456789") for _ in range(17)) + rng.choice("0123456789X"),
        ]
    return [*out, "", "１２３", "4.21303E+17", "42130319560307123.0"]


def test_the_column_normalisation_and_check_equal_the_scalar_ones():
    raws = random_numbers(200, seed=1)

    normal, valid, _ = id_columns(pl.Series(raws), today=TODAY)

    expected = [id_number_normalize(r) or None for r in raws]
    assert normal.to_list() == expected
    assert valid.to_list() == [bool(e) and id_is_valid(e, today=TODAY) for e in expected]


def test_the_column_repairs_equal_the_scalar_candidates():
    raws = random_numbers(300, seed=2)
    normal = id_columns(pl.Series(raws), today=TODAY).number
    bad = pl.DataFrame({"record_id": range(len(raws)), "r_id": normal}).drop_nulls()

    found = repair_candidates(bad, today=TODAY)

    got = {(r, c, d) for r, c, d in found.iter_rows()}
    expected = {
        (i, c.value, c.detail) for i, raw in enumerate(raws) for c in id_repair_candidates(raw, today=TODAY)
    }
    assert got == expected
    assert len(expected) > 1000


def test_with_the_registry_only_the_candidates_that_are_someones_number_are_kept():
    raws = random_numbers(100, seed=3)
    normal = id_columns(pl.Series(raws), today=TODAY).number
    bad = pl.DataFrame({"record_id": range(len(raws)), "r_id": normal}).drop_nulls()
    every = repair_candidates(bad, today=TODAY)
    registry = every["candidate"].unique().sample(fraction=0.3, seed=1)

    kept = repair_candidates(bad, today=TODAY, registry=id_keys(registry, today=TODAY))

    assert sorted(kept.rows()) == sorted(every.filter(pl.col("candidate").is_in(registry.implode())).rows())


@pytest.fixture(scope="module")
def evaluation() -> pl.DataFrame:
    persons = registry_persons(20_000, seed=11, today=TODAY)
    records = noisy_records(persons, n_records=5_000, match_share=0.5, seed=12, today=TODAY)
    result = match_frames(persons=persons, records=records, threshold=DEFAULT_THRESHOLD, today=TODAY)
    return records.join(result, on="record_id", how="left")


def test_recall_and_precision_on_a_noisy_list_at_the_default_threshold(evaluation):
    right = (pl.col("person_id") == pl.col("true_person_id")).fill_null(False)
    reported = pl.col("person_id").is_not_null()

    tp = evaluation.filter(right).height
    precision = tp / evaluation.filter(reported).height
    recall = tp / evaluation.filter(pl.col("true_person_id").is_not_null()).height

    assert recall >= 0.98
    assert precision >= 0.95


@pytest.mark.parametrize("slip", ["id:check", "id:swap", "id:digit", "id:old15", "id:format"])
def test_every_repairable_id_slip_is_matched_to_the_right_person(evaluation, slip):
    rows = evaluation.filter(pl.col("true_person_id").is_not_null() & pl.col("noise").str.contains(slip))

    assert rows.height > 10
    assert (rows["person_id"] == rows["true_person_id"]).all()
