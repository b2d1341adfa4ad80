"""The pure parts of #17 items 1-2: the one rule for saving what is already public (gaps
after minus gaps before), the comparison that keeps a stored value, and what the form
selects make of a stored value their list does not know."""
from __future__ import annotations

import pytest

from ckanext.chervonohrad.passport import helpers, legacy, rules
from ckanext.chervonohrad.passport.legacy import Invalid


def test_added_is_what_the_edit_brings():
    before = rules.missing_for_publication({"title": "Школи", "resources": [{"resource_role": "data"}]})
    emptied = rules.missing_for_publication({"resources": [{"resource_role": "data"}]})
    assert [(m.field, m.reason) for m in legacy.added(before, emptied)] == [("title", "required")]
    assert legacy.added(before, before) == []
    # Fewer gaps after: nothing new, whatever remains.
    assert legacy.added(before, before[:2]) == []


def test_added_serves_publishers_and_values_too():
    assert legacy.added(["edrpou", "hromada"], ["edrpou", "hromada"]) == []
    assert legacy.added(["hromada"], ["edrpou", "hromada"]) == ["edrpou"]
    kept = Invalid("update_frequency", "коли є час", "unknown_value")
    changed = Invalid("update_frequency", "коли заманеться", "unknown_value")
    assert legacy.added([kept], [kept]) == []
    assert legacy.added([kept], [changed]) == [changed]


@pytest.mark.parametrize("value, stored, kept", [
    ("annually", "annually", True), (" annually ", "annually", True), ("monthly", "annually", False),
    ("", "", False), (None, None, False), ("x", None, False),
])
def test_unchanged(value, stored, kept):
    assert legacy.unchanged(value, stored) is kept


def test_stock_dataset_values_are_found_with_their_fixes():
    found = legacy.dataset_invalid({"update_frequency": "annually", "language": "ukr", "license_id": "other-closed",
                                    "resources": [{"id": "r1", "url": "https://a.example/x", "format": "csv"}]},
                                   open_licences=("cc-by",))
    assert [(i.field, i.fix) for i in found] == [("language", "uk"), ("update_frequency", "once a year"),
                                                 ("license_id", None), ("format", "CSV")]


FREQUENCY = {"field_name": "update_frequency"}
OPTIONS = [{"value": "", "text": ""}, {"value": "once a year", "text": "Раз на рік"},
           {"value": "once a month", "text": "Раз на місяць"}]


def test_a_mapped_stored_value_is_preselected_as_its_code():
    assert helpers.chervonohrad_keep_stored_choice(FREQUENCY, OPTIONS, "annually") == (OPTIONS, "once a year")


def test_an_unknown_stored_value_is_kept_selected_after_the_blank():
    options, chosen = helpers.chervonohrad_keep_stored_choice(FREQUENCY, OPTIONS, "коли є час")
    assert chosen == "коли є час"
    assert [o["value"] for o in options] == ["", "коли є час", "once a year", "once a month"]
    assert options[1]["text"] == "коли є час — unknown value, choose from the list"


def test_an_empty_required_select_of_a_stored_record_starts_blank():
    required = [{"value": "council", "text": "Рада"}, {"value": "executive_body", "text": "Орган"}]
    options, chosen = helpers.chervonohrad_keep_stored_choice({"field_name": "publisher_type"}, required, None,
                                                              editing=True)
    assert chosen == "" and options[0] == {"value": "", "text": ""}
    # A new record's form is as scheming makes it.
    assert helpers.chervonohrad_keep_stored_choice({"field_name": "publisher_type"}, required, None) == (
        required, None)


def test_a_closed_stored_licence_is_shown_with_ckans_title():
    options, chosen = helpers.chervonohrad_keep_stored_licence([{"value": "cc-by", "text": "CC BY 4.0"}],
                                                               "other-closed")
    assert chosen == "other-closed"
    assert options[0] == {"value": "other-closed",
                          "text": "Other (Not Open) — not an open licence: choose an open one"}
    assert helpers.chervonohrad_licence_title("uk-ogl") == "UK Open Government Licence (OGL)"
    assert helpers.chervonohrad_keep_stored_licence([{"value": "cc-by", "text": "CC BY"}], "CC-BY-4.0")[1] == "cc-by"
