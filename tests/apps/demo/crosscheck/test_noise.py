"""The noisy external list: its truth is known, and each record says which slips were made."""

from __future__ import annotations

from datetime import date

import polars as pl

from apps.demo.crosscheck.noise import noisy_records, registry_persons

TODAY = date(2026, 11, 1)  # as in tests/apps/crosscheck/test_matcher.py, whence this test came


def test_the_noisy_list_has_known_truth_and_the_slips_it_says():
    persons = registry_persons(2000, seed=5, today=TODAY)

    records = noisy_records(persons, n_records=2000, match_share=0.5, seed=6, today=TODAY)

    truth = records.filter(pl.col("true_person_id").is_not_null())
    assert truth.height == 1000
    strangers = records.filter(pl.col("true_person_id").is_null())
    assert not strangers["id_number"].is_in(persons["id_number"].implode()).any()
    assert strangers["name"].is_in(persons["name"].implode()).mean() > 0.3  # namesakes
    kinds = " ".join(records["noise"])
    labels = "id:missing id:check id:swap id:digit id:old15 name:variant name:homophone name:shape birth:swap"
    assert all(label in kinds for label in labels.split())
    assert records["birth_date_text"].drop_nulls().str.contains("年").any()
