"""The pure parts of adoption: what a dataset or publisher is found to lack, the patch of its
mechanical fixes, and the operator's table of publishers checked row by row."""
from __future__ import annotations

import io

import pytest

from ckanext.chervonohrad.adoption import findings, operator
from ckanext.chervonohrad.adoption.findings import Finding

OPEN = {"cc-by", "cc-by-sa", "cc-zero"}
COUNCIL = "UA46120130000026331"
LVIV = "UA46060250000025047"
HROMADAS = {COUNCIL, LVIV}
TYPES = {"executive_body", "communal_enterprise"}


def stock_dataset(**fields):
    dataset = {"id": "d1", "name": "budget", "title": "Бюджет", "notes": "Опис", "tags": [{"name": "бюджет"}],
               "owner_org": "o1", "maintainer": "Савчук", "maintainer_email": "a@b.ua", "license_id": "cc-by",
               "language": "uk", "update_frequency": "once a year", "purpose_of_collecting_information": "Закон",
               "territory": COUNCIL, "state": "active",
               "resources": [{"id": "r1", "url": "https://x.ua/a.csv", "format": "CSV", "resource_role": "data"},
                             {"id": "r2", "url": "https://x.ua/s.csv", "format": "CSV",
                              "resource_role": "structure"}]}
    dataset.update(fields)
    return dataset


class TestDatasetFindings:
    def test_a_complete_dataset_has_none(self):
        assert findings.dataset_findings(stock_dataset(), OPEN, COUNCIL) == []

    def test_stock_spellings_are_mapped_and_a_closed_licence_needs_a_person(self):
        found = findings.dataset_findings(stock_dataset(update_frequency="annually", language="Українська",
                                                        license_id="other-closed",
                                                        maintainer_email=" a@b.ua "), OPEN, COUNCIL)
        by_field = {f.field: f for f in found}
        assert by_field["update_frequency"].fix == "once a year"
        assert by_field["language"].fix == "uk"
        assert by_field["maintainer_email"].fix == "a@b.ua"
        assert by_field["license_id"].fix is None and not by_field["license_id"].mechanical
        assert findings.counts(found) == {"mechanical": 3, "person": 1}

    def test_no_territory_gets_the_given_default(self):
        found = findings.dataset_findings(stock_dataset(territory=""), OPEN, LVIV)
        assert found == [Finding("missing", "territory", "required", "", LVIV)]

    def test_missing_passport_fields_and_structure_need_a_person(self):
        dataset = stock_dataset(purpose_of_collecting_information="", resources=[{"id": "r1", "url": "https://x.ua"}])
        found = findings.dataset_findings(dataset, OPEN, COUNCIL)
        assert {(f.field, f.reason) for f in found} == {("purpose_of_collecting_information", "required"),
                                                        ("resources", "no_structure_resource")}
        assert not any(f.mechanical for f in found)

    def test_the_patch_holds_the_mechanical_fixes_only(self):
        dataset = stock_dataset(update_frequency="annually", license_id="other-closed", territory=None)
        patch = findings.dataset_patch(dataset, findings.dataset_findings(dataset, OPEN, LVIV))
        assert patch == {"update_frequency": "once a year", "territory": LVIV}

    def test_a_resource_fix_sends_every_resource(self):
        dataset = stock_dataset()
        dataset["resources"][1]["format"] = ".csv"
        patch = findings.dataset_patch(dataset, findings.dataset_findings(dataset, OPEN, COUNCIL))
        assert [r["format"] for r in patch["resources"]] == ["CSV", "CSV"]
        assert [r["id"] for r in patch["resources"]] == ["r1", "r2"]
        assert dataset["resources"][1]["format"] == ".csv"  # the dict given is left alone

    def test_nothing_to_fix_gives_an_empty_patch(self):
        dataset = stock_dataset(license_id="other-closed")
        assert findings.dataset_patch(dataset, findings.dataset_findings(dataset, OPEN, COUNCIL)) == {}


class TestPublisherFindings:
    def test_a_stock_organization_lacks_its_identity(self):
        found = findings.publisher_findings({"id": "o1", "name": "osvita"}, HROMADAS)
        assert [(f.kind, f.field, f.fix) for f in found] == [
            ("missing", "edrpou", None), ("missing", "publisher_type", None), ("missing", "hromada", None)]

    def test_the_operators_values_become_the_fixes(self):
        found = findings.publisher_findings({"id": "o1", "edrpou": "4057215"}, HROMADAS)
        found = findings.with_operator_values(found, {"hromada": LVIV, "publisher_type": "executive_body"})
        assert {f.field: f.fix for f in found} == {"edrpou": "04057215", "hromada": LVIV,
                                                   "publisher_type": "executive_body"}
        assert findings.publisher_patch({"edrpou": "4057215"}, found) == {
            "edrpou": "04057215", "hromada": LVIV, "publisher_type": "executive_body"}


ORGS = {
    "osvita": {"id": "o1", "name": "osvita", "edrpou": None, "hromada": None, "publisher_type": None},
    "finance": {"id": "o2", "name": "finance", "edrpou": "02317422", "hromada": COUNCIL,
                "publisher_type": "executive_body"},
    "water": {"id": "o3", "name": "water", "edrpou": "123", "hromada": "UA4612", "publisher_type": None},
}
ORGS["o1"] = ORGS["osvita"]


def check(*rows, overwrite=False):
    table = [dict(dict.fromkeys(operator.COLUMNS, ""), **row) for row in rows]
    return operator.check(table, ORGS.get, lambda code: next((o for o in ORGS.values() if o["edrpou"] == code), None),
                          HROMADAS, TYPES, overwrite=overwrite)


def reasons(decision):
    return [(p.field, p.reason) for p in decision.problems]


class TestOperatorTable:
    def test_reads_the_columns_in_any_case_and_order(self):
        rows = operator.read(io.StringIO("Hromada,ORGANIZATION,publisher_type,edrpou,note\n"
                                         f" {LVIV.lower()} ,osvita,executive_body,40572153,x\n"))
        assert rows == [{"organization": "osvita", "edrpou": "40572153", "hromada": LVIV.lower(),
                         "publisher_type": "executive_body"}]

    def test_a_missing_column_is_refused_whole(self):
        with pytest.raises(operator.TableError, match="publisher_type"):
            operator.read(io.StringIO("organization,edrpou,hromada\nosvita,40572153,UA1\n"))

    def test_a_good_row_gives_the_values_to_store(self):
        [decision] = check({"organization": "osvita", "edrpou": "40572153", "hromada": LVIV.lower(),
                            "publisher_type": "executive_body"})
        assert decision.ok and decision.line == 2
        assert decision.values == {"edrpou": "40572153", "hromada": LVIV, "publisher_type": "executive_body"}

    def test_every_bad_cell_is_named_and_the_row_gives_nothing(self):
        [decision] = check({"organization": "osvita", "edrpou": "40572154", "hromada": "UA999",
                            "publisher_type": "ministry"})
        assert reasons(decision) == [("edrpou", "invalid_edrpou"), ("hromada", "unknown_hromada"),
                                     ("publisher_type", "unknown_type")]
        assert decision.values == {}

    def test_unknown_publisher(self):
        [decision] = check({"organization": "nobody", "edrpou": "40572153"})
        assert reasons(decision) == [("organization", "unknown_organization")] and decision.org is None

    def test_a_code_another_publisher_holds(self):
        [decision] = check({"organization": "osvita", "edrpou": "02317422", "hromada": LVIV,
                            "publisher_type": "executive_body"})
        assert [(p.reason, p.detail) for p in decision.problems] == [("edrpou_taken", "finance")]

    def test_one_code_for_two_publishers_of_the_table(self):
        _first, second = check({"organization": "osvita", "edrpou": "40572153", "hromada": LVIV,
                                "publisher_type": "executive_body"},
                               {"organization": "water", "edrpou": "40572153", "hromada": LVIV,
                                "publisher_type": "executive_body"})
        assert ("edrpou", "duplicate_edrpou") in reasons(second)

    def test_a_publisher_named_twice(self):
        _first, second = check({"organization": "osvita"}, {"organization": "o1"})
        assert reasons(second) == [("organization", "duplicate_row")]

    def test_a_different_valid_value_is_a_conflict_unless_overwritten(self):
        row = {"organization": "finance", "hromada": LVIV}
        [decision] = check(row)
        assert [(p.kind, p.field, p.value, p.detail) for p in decision.problems] == [
            ("conflict", "hromada", COUNCIL, LVIV)]
        assert not decision.problems[0].mechanical
        [decision] = check(row, overwrite=True)
        assert decision.ok and decision.values == {"hromada": LVIV}

    def test_an_invalid_stored_value_is_replaced_without_conflict(self):
        [decision] = check({"organization": "water", "edrpou": "26162800", "hromada": COUNCIL,
                            "publisher_type": "communal_enterprise"})
        assert decision.ok and decision.values["edrpou"] == "26162800"

    def test_blank_cells_keep_what_is_stored_but_the_identity_must_be_whole(self):
        [decision] = check({"organization": "finance"})
        assert decision.ok and decision.values == {}
        [decision] = check({"organization": "osvita", "hromada": LVIV})
        assert reasons(decision) == [("edrpou", "incomplete"), ("publisher_type", "incomplete")]

    def test_a_shortened_code_is_padded(self):
        assert operator.normalised("edrpou", "4057215") == "04057215"


def test_the_territory_of_the_publisher_once_fixed():
    found = [Finding("missing", "territory", "required", "", COUNCIL), Finding("invalid", "territory", "invalid_code",
                                                                               "Sokal")]
    assert [f.fix for f in findings.with_territory(found, LVIV)] == [LVIV, None]
