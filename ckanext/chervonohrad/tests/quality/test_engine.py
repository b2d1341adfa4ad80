"""The pure quality engine on crafted dataset dicts (no CKAN, no services, a fixed date)."""
from __future__ import annotations

import datetime as dt

import pytest

from ckanext.chervonohrad.quality import engine

TODAY = dt.date(2026, 11, 27)


def dataset(**overrides) -> dict:
    base = {
        "title": "Зупинки громадського транспорту", "notes": "Перелік зупинок.", "language": "uk",
        "update_frequency": "once a month", "purpose_of_collecting_information": "Закон України",
        "maintainer": "Бойко В. М.", "maintainer_email": "transport@rada.example", "license_id": "cc-by",
        "isopen": True, "owner_org": "org-id", "data_current_as_of": "2026-11-01", "topic": "transport",
        "territory": "UA46120130000026331", "metadata_modified": "2026-11-20T09:00:00",
        "tags": [{"name": "транспорт"}, {"name": "зупинки"}, {"name": "автобуси"}],
        "resources": [
            {"url": "https://x.example/stops.csv", "format": "CSV", "resource_role": "data"},
            {"url": "https://x.example/structure.csv", "format": "CSV", "resource_role": "structure"},
        ],
    }
    base.update(overrides)
    return base


def points(result, key):
    return next(i.points for i in result.indicators if i.key == key)


def test_a_complete_fresh_dataset_scores_100():
    result = engine.score(dataset(), TODAY)
    assert result.score == 100 and result.band == "excellent" and result.failed == []
    assert sum(i.max_points for i in result.indicators) == 100


def test_every_failed_indicator_has_hints_and_labels_in_both_languages():
    result = engine.score({}, TODAY)
    assert result.score == 0 and result.band == "bad"
    for indicator in result.failed:
        assert indicator.hint["uk"] and indicator.hint["en"], indicator.key
    for indicator in result.as_dict()["indicators"]:
        assert indicator["label"]["uk"] and indicator["label"]["en"], indicator["key"]


@pytest.mark.parametrize("field", ["title", "notes", "language", "update_frequency",
                                   "purpose_of_collecting_information", "maintainer", "maintainer_email",
                                   "license_id", "data_current_as_of"])
def test_each_missing_passport_field_costs_three_points(field):
    result = engine.score(dataset(**{field: ""}), TODAY)
    assert result.score <= 97
    assert any(i.key.startswith("passport_") for i in result.failed)


@pytest.mark.parametrize("value", ["01.11.2026", "2026-02-30", "вчора", 20261101])
def test_malformed_dates_fail_without_crashing(value):
    result = engine.score(dataset(data_current_as_of=value, metadata_modified=value), TODAY)
    assert points(result, "passport_data_current_as_of") == 0
    assert points(result, "timeliness") == 0


@pytest.mark.parametrize("modified, expected", [
    ("2026-11-20T09:00:00", 20),      # 7 days ago, monthly: on time
    ("2026-10-27T09:00:00", 20),      # 31 days: the last day of the period
    ("2026-10-12T00:00:00", 10.32),   # 46 days: 15 days over a 31-day period
    ("2026-08-01T00:00:00", 0),       # far overdue
])
def test_timeliness_against_the_frequency(modified, expected):
    assert points(engine.score(dataset(metadata_modified=modified), TODAY), "timeliness") == expected


@pytest.mark.parametrize("frequency", ["no longer updated", "immediately after making changes"])
def test_frequencies_without_a_period_are_not_overdue(frequency):
    result = engine.score(dataset(update_frequency=frequency, metadata_modified="2020-01-01"), TODAY)
    assert points(result, "timeliness") == 20


@pytest.mark.parametrize("frequency", ["weekly", "", None, "ONCE A MONTH"])
def test_odd_frequencies_are_reported(frequency):
    result = engine.score(dataset(update_frequency=frequency), TODAY)
    assert points(result, "timeliness") == 0
    assert "timeliness" in [i.key for i in result.failed]


def test_missing_resources():
    result = engine.score(dataset(resources=[]), TODAY)
    for key in ("openness", "structure_file", "download_url", "open_formats"):
        assert points(result, key) == 0, key


def test_unknown_and_proprietary_formats_lower_openness_and_interoperability():
    resources = [{"url": "https://x.example/a.xls", "format": "XLS", "resource_role": "data"},
                 {"url": "https://x.example/b.zzz", "format": "ZZZ", "resource_role": "data"},
                 {"url": "https://x.example/s.csv", "format": "CSV", "resource_role": "structure"}]
    result = engine.score(dataset(resources=resources), TODAY)
    assert points(result, "open_formats") == 0
    assert 0 < points(result, "openness") < 15


def test_closed_licence_earns_no_stars():
    result = engine.score(dataset(isopen=False), TODAY)
    assert points(result, "openness") == 0 and points(result, "open_licence") == 0


@pytest.mark.parametrize("score, band", [(100, "excellent"), (87, "excellent"), (86.9, "good"), (55, "good"),
                                         (54.9, "sufficient"), (30, "sufficient"), (29.9, "bad"), (0, "bad")])
def test_bands(score, band):
    assert engine.band(score) == band


def test_meets_the_recommendations_at_a_threshold():
    result = engine.score(dataset(resources=[]), TODAY)
    assert result.meets(60) and not result.meets(80)
    assert result.as_dict()["band_label"] == {"uk": "Добре", "en": "Good"}
