"""The home page's figures and the header's menus: pure rules."""
from __future__ import annotations

from ckanext.chervonohrad.home import figures, menus


def publisher(name, avg, hromada="UA1", datasets=2, meets=50.0):
    return {"name": name, "title": name.title(), "avg_score": avg, "meets_share": meets, "datasets": datasets,
            "hromada": hromada}


def test_key_figures_count_hromadas_with_a_publisher_and_the_answered_share():
    council = {"datasets": 7, "publishers": 3, "meets_share": 71.4, "coverage_share": 40.0}
    publishers = [publisher("a", 90, "UA1"), publisher("b", 80, "UA1"), publisher("c", None, None)]
    shown = figures.key_figures(council, publishers, {"received": 8, "answered": 6})
    assert shown["hromadas"] == 1 and shown["datasets"] == 7 and shown["publishers"] == 3
    assert shown["feedback_answered_share"] == 75.0 and shown["target"] == 85.0


def test_an_empty_portal_has_no_shares():
    council = {"datasets": 0, "publishers": 0, "meets_share": None, "coverage_share": None}
    shown = figures.key_figures(council, [], {"received": 0, "answered": 0})
    assert shown["feedback_answered_share"] is None and shown["hromadas"] == 0


def test_best_publishers_leave_out_those_without_scores():
    ranked = figures.best_publishers([publisher("a", 70), publisher("b", None), publisher("c", 95),
                                      publisher("d", 80)], count=2)
    assert [p["name"] for p in ranked] == ["c", "d"]


def test_the_applications_queue_replaces_become_a_publisher_for_overseers():
    def participation(oversees):
        return [item.endpoint for key, _label, items in menus.menus(oversees) if key == "participation"
                for item in items]
    assert participation(False)[-1] == "chervonohrad_registration.register"
    assert participation(True)[-1] == "chervonohrad_registration.index"


def test_an_item_lights_up_on_its_pages():
    datasets = menus.DATA[0]
    assert menus.is_active(datasets, "dataset.search", "dataset")
    assert menus.is_active(datasets, "resource.read", "resource")
    assert not menus.is_active(datasets, "organization.index", "organization")
    assert menus.active_in(menus.QUALITY, "chervonohrad_reports.audit", "chervonohrad_reports")
