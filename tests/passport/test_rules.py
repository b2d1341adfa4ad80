"""The pure passport rules: no CKAN, no services."""
from __future__ import annotations

import pytest

from ckanext.chervonohrad.passport import rules

REAL_EDRPOU = ["14360570", "26162800", "44106679", "26510514"]


@pytest.mark.parametrize("code", REAL_EDRPOU)
def test_real_edrpou_codes_pass(code):
    assert rules.edrpou_is_valid(code)


@pytest.mark.parametrize("code, typo", [
    ("14360570", "14360571"), ("14360570", "24360570"), ("26162800", "26162880"), ("26162800", "26163800"),
    ("44106679", "44106678"), ("44106679", "44186679"), ("26510514", "26510515"), ("26510514", "20510514"),
])
def test_a_real_code_with_one_digit_changed_fails(code, typo):
    assert sum(a != b for a, b in zip(code, typo, strict=True)) == 1
    assert not rules.edrpou_is_valid(typo)


@pytest.mark.parametrize("code", REAL_EDRPOU)
def test_every_other_check_digit_fails(code):
    for digit in "0123456789":
        if digit != code[-1]:
            assert not rules.edrpou_is_valid(code[:7] + digit)


@pytest.mark.parametrize("code", REAL_EDRPOU)
def test_most_single_digit_typos_are_caught(code):
    # The official rule retries a remainder of 10 with other weights, so a few typos
    # slip through (14360570 -> 14362570 passes); the check still catches most.
    typos = [code[:i] + d + code[i + 1:] for i in range(8) for d in "0123456789" if d != code[i]]
    caught = sum(not rules.edrpou_is_valid(t) for t in typos)
    assert caught / len(typos) > 0.9


def test_the_second_weight_set_applies_between_30_and_60_million():
    # 7,1,2,3,4,5,6 weights: 3000000 -> 3*7 = 21 -> 21 % 11 = 10 -> +2 weights: 3*9 = 27 % 11 = 5
    assert rules.edrpou_is_valid("30000005")
    assert not rules.edrpou_is_valid("30000000")


@pytest.mark.parametrize("code", ["", "1436057", "143605700", "1436057O", " 14360570", None, 14360570])
def test_malformed_edrpou_fails(code):
    assert not rules.edrpou_is_valid(code)


@pytest.mark.parametrize("code, ok", [
    ("UA46120130000026331", True),
    ("ua46120130000026331", False),
    ("UA4612013000002633", False),
    ("46120130000026331", False),
    ("UA4612013000002633X", False),
])
def test_katottg(code, ok):
    assert rules.katottg_is_valid(code) is ok


@pytest.mark.parametrize("value, ok", [
    ("2026-10-01", True), ("2024-02-29", True), ("2025-02-29", False),
    ("01.10.2026", False), ("2026-1-1", False), ("2026-13-01", False), ("", False),
])
def test_iso_date(value, ok):
    assert rules.iso_date_is_valid(value) is ok


@pytest.mark.parametrize("value, ok", [
    ("finance@sheptytskyi.example", True), ("a.b@rada.gov.ua", True),
    ("finance@", False), ("finance sheptytskyi.example", False), ("@x.ua", False), ("a@b", False),
])
def test_email(value, ok):
    assert rules.email_is_valid(value) is ok


def complete() -> dict:
    return {
        "title": "Зупинки", "notes": "Опис", "language": "uk", "update_frequency": "once a month",
        "tags": [{"name": "транспорт"}], "owner_org": "org-id", "maintainer": "Бойко В. М.",
        "maintainer_email": "a@b.ua", "purpose_of_collecting_information": "Закон", "license_id": "cc-by",
        "resources": [{"resource_role": "data"}, {"resource_role": "structure"}],
    }


def test_a_complete_passport_misses_nothing():
    assert rules.missing_for_publication(complete()) == []


def test_missing_fields_are_listed_in_passport_order():
    dataset = complete()
    del dataset["maintainer_email"]
    dataset["language"] = ""
    dataset["tags"] = []
    assert [m.field for m in rules.missing_for_publication(dataset)] == ["language", "tag_string", "maintainer_email"]


def test_tag_string_counts_as_keywords():
    dataset = complete()
    dataset["tags"] = []
    dataset["tag_string"] = "транспорт, зупинки"
    assert rules.missing_for_publication(dataset) == []


def test_data_and_structure_resources_are_required():
    dataset = complete()
    dataset["resources"] = [{"resource_role": "documentation"}]
    assert rules.missing_for_publication(dataset) == [
        rules.Missing("resources", "no_data_resource"),
        rules.Missing("resources", "no_structure_resource"),
    ]


def test_a_resource_without_a_role_counts_as_data_and_deleted_ones_do_not_count():
    dataset = complete()
    dataset["resources"] = [{}, {"resource_role": "structure", "state": "deleted"}]
    assert rules.missing_for_publication(dataset) == [rules.Missing("resources", "no_structure_resource")]
