"""The pure mapping of data.gov.ua-shaped datasets onto the 835 passport, on recorded JSON."""
from __future__ import annotations

import json
import os

import pytest

from ckanext.chervonohrad.harvest import mapping
from ckanext.chervonohrad.passport import vocabularies

DATA = os.path.join(os.path.dirname(__file__), "..", "data", "harvest")


def recorded(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return json.load(f)


def codes(mapped):
    return {(p.field, p.code) for p in mapped.problems}


def test_complete_dataset_maps_every_passport_field():
    remote = recorded("dgua_complete.json")
    mapped = mapping.map_dataset(remote, owner_org="local-org-id", publisher=recorded("organization_show.json"),
                                 source_url="http://source.example/dataset/x")
    d = mapped.dataset
    assert mapped.publishable, mapped.problems
    assert mapped.problems == []
    assert d["title"] == "Зупинки громадського транспорту"
    assert d["notes"].startswith("Перелік зупинок")
    assert d["language"] == "uk"  # data.gov.ua's "ua"
    assert d["update_frequency"] == "once a quarter"
    assert d["purpose_of_collecting_information"].startswith("Закон України")
    assert d["maintainer"] == "Бойко Василь Михайлович"
    assert d["maintainer_email"] == "transport@sheptytskyi.example"
    assert d["license_id"] == "cc-by"
    assert d["version"] == "2.1"
    assert d["topic"] == "transport"
    assert d["owner_org"] == "local-org-id"
    assert d["url"] == "http://source.example/dataset/x"
    assert d["name"] == remote["name"]
    assert sorted(t["name"] for t in d["tags"]) == ["зупинки", "транспорт"]
    assert [(r["format"], r["resource_role"], r["url"]) for r in d["resources"]] == [
        ("CSV", "data", "https://data.example/stops.csv"),
        ("JSON", "structure", "https://data.example/stops-structure.json"),
    ]
    assert all("id" not in r and "url_type" not in r for r in d["resources"])
    assert mapped.publisher_edrpou == "14360570"


def test_top_level_fields_and_labels():
    mapped = mapping.map_dataset(recorded("dgua_top_level_labels.json"), owner_org="o",
                                 publisher=recorded("dgua_top_level_labels.json")["organization"])
    d = mapped.dataset
    assert mapped.publishable, mapped.problems
    assert d["update_frequency"] == "once a month"
    assert d["language"] == "uk"
    assert d["license_id"] == "cc-by"
    assert d["maintainer_email"] == "finance@sheptytskyi.example"
    assert sorted(t["name"] for t in d["tags"]) == ["бюджет", "фінанси"]
    # format spelled ".XLSX"; the structure file's format guessed from its link
    assert [(r["format"], r["resource_role"]) for r in d["resources"]] == [("XLSX", "data"), ("CSV", "structure")]
    assert mapped.publisher_edrpou == "26162800"


def test_incomplete_dataset_lists_what_is_missing():
    mapped = mapping.map_dataset(recorded("dgua_incomplete.json"), owner_org="o")
    assert not mapped.publishable
    missing = {p.field for p in mapped.missing}
    assert missing == {"update_frequency", "purpose_of_collecting_information", "maintainer_email", "resources"}
    assert ("resources", "missing_no_structure_resource") in codes(mapped)
    assert all(p.blocking for p in mapped.missing)
    assert mapped.dataset["language"] == "uk"


def test_no_owner_org_is_missing_too():
    mapped = mapping.map_dataset(recorded("dgua_complete.json"))
    assert ("owner_org", "missing") in codes(mapped)


def test_odd_values_are_dropped_and_reported():
    mapped = mapping.map_dataset(recorded("dgua_odd_values.json"), owner_org="o")
    d = mapped.dataset
    found = codes(mapped)
    assert ("update_frequency", "unknown_value") in found
    assert ("language", "unknown_value") in found
    assert ("maintainer_email", "invalid_email") in found
    assert ("license_id", "closed_license") in found
    assert ("notes", "malformed") in found
    assert ("temporal_start", "invalid_date") in found
    for field in ("update_frequency", "language", "maintainer_email", "license_id", "notes", "temporal_start"):
        assert field not in d
    assert d["title"] == "2025"  # a number is still a title
    assert d["version"] == "3"
    assert d["data_current_as_of"] == "2025-09-25"  # DD.MM.YYYY
    assert d["topic"] == "ekolohiia"
    assert d["name"] == "5b1a0f7e-3c2d-4f5e-9a8b-000000000004"  # a Cyrillic name falls back to the id
    # apostrophes become ʼ; duplicates (case) and impossible keywords dropped
    assert [t["name"] for t in d["tags"]] == ["обʼєкти", "script", "рядок"]
    assert ("tag_string", "bad_tag") in found
    assert [r["name"] for r in d["resources"]] == ["Дивний формат"]
    assert d["resources"][0]["format"] == "JSON"  # unknown FOOBAR: guessed from the link
    assert ("format", "unknown_format") in found
    assert sum(1 for p in mapped.problems if p.code == "resource_without_url") == 2
    assert not mapped.publishable


@pytest.mark.parametrize("item", vocabularies.items("update_frequencies"), ids=lambda i: i["code"])
def test_every_update_frequency_code_and_label(item):
    assert mapping.update_frequency_code(item["code"]) == item["code"]
    assert mapping.update_frequency_code(item["code"].upper().replace(" ", "_")) == item["code"]
    assert mapping.update_frequency_code(item["label"]["uk"]) == item["code"]
    assert mapping.update_frequency_code(" " + item["label"]["uk"].upper() + ". ") == item["code"]
    assert mapping.update_frequency_code(item["label"]["en"]) == item["code"]


@pytest.mark.parametrize("value, code", [
    ("Більше як один раз на день", "more than once a day"),
    ("Більше одного разу на день", "more than once a day"),
    ("Кожні півроку", "once a half year"),
    ("щоквартально", "once a quarter"),
    ("Щорічно", "once a year"),
    ("monthly", "once a month"),
])
def test_update_frequency_variants(value, code):
    assert mapping.update_frequency_code(value) == code


@pytest.mark.parametrize("value", [None, "", "щовівторка", "once a fortnight", 12, ["once a day"]])
def test_update_frequency_unknown(value):
    assert mapping.update_frequency_code(value) is None


@pytest.mark.parametrize("value, code", [
    ("ua", "uk"), ("UA", "uk"), ("uk", "uk"), ("ukr", "uk"), ("Українська", "uk"), ("Ukrainian", "uk"),
    ("en", "en"), ("Англійська", "en"), ("pl", "pl"), ("crh", "crh"),
    ("ua, en", "mul"), (["ua", "en"], "mul"), ("Українська та англійська", "mul"), ("ua, ua", "uk"),
    ("klingon", None), ("ua, klingon", None), ("", None), (7, None),
])
def test_language(value, code):
    assert mapping.language_code(value) == code


@pytest.mark.parametrize("value, title, expected", [
    ("cc-by", None, "cc-by"), ("CC-BY-4.0", None, "cc-by"), ("cc-zero", None, "cc-zero"), ("CC0-1.0", None, "cc-zero"),
    ("odc-odbl", None, "odc-odbl"), (None, "Creative Commons Attribution", "cc-by"),
    ("other-closed", "Other (Not Open)", None), ("notspecified", None, None), ("", None, None),
])
def test_license(value, title, expected):
    assert mapping.license_id(value, title) == expected


def test_text_over_its_limit_is_cut_and_keeps_a_draft():
    remote = recorded("dgua_complete.json")
    remote["extras"][1]["value"] = "П" * 600
    remote["notes"] = "N" * 5000
    mapped = mapping.map_dataset(remote, owner_org="o")
    assert len(mapped.dataset["purpose_of_collecting_information"]) == 512
    assert len(mapped.dataset["notes"]) == 4000
    assert {("notes", "too_long"), ("purpose_of_collecting_information", "too_long")} <= codes(mapped)
    assert not mapped.publishable
    problem = next(p for p in mapped.problems if p.field == "notes")
    assert problem.params == {"length": 5000, "limit": 4000}


def test_too_many_resources_are_capped():
    remote = recorded("dgua_complete.json")
    remote["resources"] = [{"name": f"r{i}", "url": f"https://data.example/{i}.csv"} for i in range(500)]
    mapped = mapping.map_dataset(remote, owner_org="o")
    assert len(mapped.dataset["resources"]) == mapping.MAX_RESOURCES
    assert ("resources", "too_many_resources") in codes(mapped)


def test_missing_fields_everywhere():
    mapped = mapping.map_dataset({"id": "abc-123"}, owner_org="o")
    assert mapped.dataset["resources"] == []
    assert mapped.dataset["name"] == "abc-123"
    assert {p.field for p in mapped.missing} >= {"title", "notes", "language", "update_frequency", "tag_string",
                                                 "maintainer", "maintainer_email",
                                                 "purpose_of_collecting_information", "license_id", "resources"}


def test_extras_as_a_dict_and_territory():
    remote = {"id": "x1", "extras": {"update_frequency": "once a year"}}
    mapped = mapping.map_dataset(remote, territory="UA46120130000026331")
    assert mapped.dataset["update_frequency"] == "once a year"
    assert mapped.dataset["territory"] == "UA46120130000026331"


def test_invalid_publisher_edrpou_is_reported():
    mapped = mapping.map_dataset(recorded("dgua_complete.json"), owner_org="o", publisher={"edrpou": "14360571"})
    assert mapped.publisher_edrpou is None
    assert ("owner_org", "invalid_edrpou") in codes(mapped)


def test_fingerprint_is_stable_and_sensitive():
    a = mapping.map_dataset(recorded("dgua_complete.json"), owner_org="o").dataset
    b = mapping.map_dataset(recorded("dgua_complete.json"), owner_org="o").dataset
    assert mapping.fingerprint(a) == mapping.fingerprint(b)
    b["notes"] += "!"
    assert mapping.fingerprint(a) != mapping.fingerprint(b)


def test_shown_values_are_short():
    assert len(mapping.shown("x" * 1000)) == mapping.SHOWN_VALUE_MAX
    assert mapping.shown("a\nb") == "a b"
