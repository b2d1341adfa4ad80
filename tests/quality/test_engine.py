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
def test_each_missing_passport_field_costs_two_and_a_half_points(field):
    result = engine.score(dataset(**{field: ""}), TODAY)
    assert result.score <= 97.5
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


def test_what_was_found_is_said_in_both_languages():
    late = next(i for i in engine.score(dataset(metadata_modified="2026-10-12T00:00:00"), TODAY).indicators
                if i.key == "timeliness")
    assert (late.detail, late.detail_uk) == ("overdue by 15 days", "прострочено на 15 дн.")
    links = {"r1": {"ok": False, "reason": "http_error", "detail": "HTTP 404", "checked_at": "2026-11-26T08:30:00"}}
    gone = next(i for i in engine.score(dataset(resources=[{"id": "r1", "name": "data.csv", "url": "https://x/d.csv",
                                                            "format": "CSV", "resource_role": "data"}]),
                                        TODAY, links).indicators if i.key == "availability")
    assert gone.detail_uk.startswith("data.csv: сервер повернув помилку (HTTP 404)")


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
    for key in ("openness", "structure_file", "download_url", "open_formats", "availability"):
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


# ---- availability, from the link checks the background jobs stored ----------------------

def with_ids(**overrides) -> dict:
    resources = [
        {"id": "r-data", "name": "data.csv", "url": "https://x.example/data.csv", "format": "CSV",
         "resource_role": "data"},
        {"id": "r-structure", "name": "structure.csv", "url": "https://x.example/structure.csv", "format": "CSV",
         "resource_role": "structure"},
    ]
    return dataset(resources=resources, **overrides)


def link(ok=True, reason=None, detail=None, checked_at="2026-11-26T08:30:00", **extra) -> dict:
    return {"ok": ok, "reason": reason, "detail": detail, "checked_at": checked_at, **extra}


def availability(result):
    return next(i for i in result.indicators if i.key == "availability")


def test_points_still_add_up_to_100_with_availability():
    result = engine.score(with_ids(), TODAY, {"r-data": link(), "r-structure": link()})
    assert sum(i.max_points for i in result.indicators) == 100
    assert {i.key: i.max_points for i in result.indicators if i.dimension == "accessibility"} == {
        "download_url": 5, "availability": 5}
    assert all(i.max_points == 2.5 for i in result.indicators if i.dimension == "passport")


@pytest.mark.parametrize("links", [None, {}])
def test_resources_not_checked_yet_count_as_available(links):
    indicator = availability(engine.score(with_ids(), TODAY, links))
    assert indicator.points == 5 and indicator.passed and indicator.detail == "not checked yet"


def test_all_links_ok():
    result = engine.score(with_ids(), TODAY, {"r-data": link(), "r-structure": link()})
    indicator = availability(result)
    assert result.score == 100 and indicator.passed
    assert indicator.detail == "2 of 2 reachable; checked 26.11.2026 10:30 (Kyiv time)"


def test_one_broken_link_of_two_costs_half_the_points_and_names_the_reason():
    links = {"r-data": link(False, "http_error", "HTTP 404"), "r-structure": link()}
    result = engine.score(with_ids(), TODAY, links)
    indicator = availability(result)
    assert indicator.points == 2.5 and not indicator.passed and "availability" in [i.key for i in result.failed]
    assert indicator.detail.startswith("data.csv: HTTP 404")
    assert result.score == 97.5
    assert indicator.hint["uk"] and indicator.hint["en"]


def test_a_broken_link_without_detail_shows_its_reason():
    indicator = availability(engine.score(with_ids(), TODAY, {"r-structure": link(False, "timeout")}))
    assert indicator.points == 2.5
    assert indicator.detail == "structure.csv: timeout; 1 not checked yet; checked 26.11.2026 10:30 (Kyiv time)"


def test_checks_of_unknown_resources_are_ignored():
    links = {"r-gone": link(False, "http_error", "HTTP 410"), "r-data": link()}
    indicator = availability(engine.score(with_ids(), TODAY, links))
    assert indicator.points == 5 and "HTTP 410" not in indicator.detail


def test_a_check_of_an_older_url_does_not_count():
    links = {"r-data": link(False, "http_error", "HTTP 404", url="https://x.example/old.csv")}
    indicator = availability(engine.score(with_ids(), TODAY, links))
    assert indicator.points == 5 and indicator.detail == "not checked yet"


def test_deleted_resources_and_other_roles_are_not_counted():
    resources = [
        {"id": "r-data", "name": "data.csv", "url": "https://x.example/data.csv", "format": "CSV"},
        {"id": "r-old", "name": "old.csv", "url": "https://x.example/old.csv", "format": "CSV", "state": "deleted"},
        {"id": "r-doc", "name": "guide.pdf", "url": "https://x.example/guide.pdf", "format": "PDF",
         "resource_role": "documentation"},
    ]
    links = {"r-data": link(False, "wrong_type", "text/html instead of text/csv"),
             "r-old": link(False, "http_error", "HTTP 404"), "r-doc": link(False, "http_error", "HTTP 404")}
    indicator = availability(engine.score(dataset(resources=resources), TODAY, links))
    assert indicator.points == 0
    assert indicator.detail.startswith("data.csv: text/html instead of text/csv") and "HTTP 404" not in indicator.detail


def test_an_incomplete_passport_is_never_excellent_nor_meets_the_recommendations():
    result = engine.score(dataset(maintainer=""), TODAY)
    assert result.score >= 87 and result.band == "good"
    assert not result.passport_complete and not result.meets(75)
    complete = engine.score(dataset(), TODAY)
    assert complete.band == "excellent" and complete.meets(75)
