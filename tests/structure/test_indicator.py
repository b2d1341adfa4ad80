"""The quality engine's «Data match the structure» indicator, from reports given as a plain
mapping (pure): a score does not move until a check says so."""
from __future__ import annotations

import datetime as dt

from ckanext.chervonohrad.quality import engine

TODAY = dt.date(2026, 11, 27)
URL_A, URL_B = "https://x.example/a.csv", "https://x.example/b.csv"


def dataset(structure=True, **overrides):
    resources = [{"id": "a", "name": "a.csv", "url": URL_A, "format": "CSV", "resource_role": "data"},
                 {"id": "b", "name": "b.csv", "url": URL_B, "format": "CSV", "resource_role": "data"}]
    if structure:
        resources.append({"id": "s", "url": "https://x.example/s.csv", "format": "CSV", "resource_role": "structure"})
    base = {"title": "Заклади освіти", "notes": "Перелік.", "language": "uk", "update_frequency": "once a month",
            "purpose_of_collecting_information": "Закон", "maintainer": "Бойко В. М.",
            "maintainer_email": "osvita@rada.example", "license_id": "cc-by", "isopen": True, "owner_org": "org",
            "data_current_as_of": "2026-11-01", "topic": "transport", "territory": "UA46120130000026331",
            "metadata_modified": "2026-11-20T09:00:00", "tags": [{"name": t} for t in ("а", "б", "в")],
            "resources": resources}
    base.update(overrides)
    return base


def report(status, url=URL_A, errors=0, reason=None, failing=None):
    return {"status": status, "url": url, "errors_total": errors, "reason": reason,
            "checked_at": "2026-11-26T10:30:00", "failing": status == "invalid" if failing is None else failing}


def indicators(result):
    return {i.key: i for i in result.indicators}


def test_the_structure_dimension_is_6_plus_4_and_totals_stay_100():
    result = engine.score(dataset(), TODAY)
    found = indicators(result)
    assert (found["structure_file"].max_points, found["structure_match"].max_points) == (6, 4)
    assert result.score == 100 and sum(i.max_points for i in result.indicators) == 100
    assert found["structure_match"].detail == "not checked yet" and found["structure_match"].passed


def test_without_a_structure_file_both_are_zero_as_the_10_points_were():
    found = indicators(engine.score(dataset(structure=False), TODAY))
    assert found["structure_file"].points == 0 and found["structure_match"].points == 0
    assert found["structure_match"].detail == "no structure file"
    assert engine.score(dataset(structure=False), TODAY).score == 90


def test_all_valid_full_points():
    reports = {"a": report("valid"), "b": report("valid", URL_B)}
    match = indicators(engine.score(dataset(), TODAY, reports=reports))["structure_match"]
    assert match.points == 4 and match.detail == "2 of 2 match; checked 26.11.2026 12:30 (Kyiv time)"
    assert match.detail_uk == "відповідають 2 з 2; перевірено 26.11.2026 12:30 (за київським часом)"


def test_invalid_resources_lower_it_in_proportion_skipped_do_not_count():
    reports = {"a": report("invalid", errors=7), "b": report("skipped", URL_B, reason="not_tabular")}
    result = engine.score(dataset(), TODAY, reports=reports)
    match = indicators(result)["structure_match"]
    assert match.points == 0 and match.detail.startswith("a.csv: 7 error(s)") and match.detail_uk.startswith(
        "a.csv: помилок: 7")
    assert result.score == 96 and "structure_match" in [i.key for i in result.failed]
    reports["b"] = report("valid", URL_B)
    assert indicators(engine.score(dataset(), TODAY, reports=reports))["structure_match"].points == 2


def test_reports_of_another_url_and_network_errors_do_not_count():
    reports = {"a": report("invalid", url="https://x.example/old.csv", errors=3),
               "b": report("error", URL_B, reason="fetch_failed", failing=False)}
    match = indicators(engine.score(dataset(), TODAY, reports=reports))["structure_match"]
    assert match.points == 4 and match.detail == "not checked yet"
    reports["b"] = report("error", URL_B, reason="structure_unreadable", failing=True)
    match = indicators(engine.score(dataset(), TODAY, reports=reports))["structure_match"]
    assert match.points == 0 and match.detail.startswith("b.csv: cannot be read")  # a: still not counted


def test_a_dataset_scored_without_reports_scores_as_before():
    """Every caller that passes no reports (and every dataset without any) gets the old total."""
    for structure in (True, False):
        assert engine.score(dataset(structure), TODAY).score == engine.score(dataset(structure), TODAY,
                                                                             reports={}).score
