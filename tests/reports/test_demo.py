"""The demo gives every chart and table of the dashboard and the audit something to show."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from ckan.lib.uploader import get_resource_uploader
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.demo import loader

NOW = dt.datetime.utcnow()


@pytest.fixture(scope="module")
def loaded(reset_portal_db, reset_index):
    reset_portal_db()
    reset_index()
    return loader.load(now=NOW)


def test_the_dashboard_has_something_in_every_chart(loaded):
    d = call_action("chervonohrad_reports_dashboard")
    assert sum(1 for m in d["published"] if m["new"]) >= 3  # datasets first published in several months
    assert len(d["compliance_history"]) >= 3 and d["council"]["meets_share"] is not None
    cover = d["coverage"]["totals"]
    assert cover["published"] > 0 and cover["overdue"] > 0 and cover["missing"] > 0
    assert d["overdue"]["count"] > 0 and d["overdue"]["oldest"]
    assert d["feedback"]["totals"]["received"] >= 4 and d["feedback"]["totals"]["median_hours"] is not None
    assert len(d["suggestions"]) >= 3 and d["suggestions"][0]["votes"] >= 2
    assert len(d["quality"]["best"]) >= 5


def test_the_audit_has_assignments_and_a_published_register(loaded):
    demo = loader.read_demo()
    audit = call_action("chervonohrad_reports_audit")
    assert audit["totals"]["past_due"] == sum(1 for a in demo["reports"]["assignments"] if a["due_in_days"] < 0)
    vykonkom = next(p for p in audit["publishers"] if p["name"] == "sheptytskyi-vykonkom")
    register_item = next(i for i in vykonkom["items"] if i["id"] == "all-dataset-register")
    assert register_item["status"] == "published"
    pkg = call_action("package_show", id="sheptytskyi-reiestr-naboriv-danykh")
    data = next(r for r in pkg["resources"] if r["resource_role"] == "data")
    with open(get_resource_uploader(data).get_path(data["id"]), encoding="utf-8") as f:
        rows = list(csv.DictReader(io.StringIO(f.read().lstrip("\ufeff"))))
    expected = call_action("chervonohrad_reports_register", publisher="sheptytskyi-vykonkom")["rows"]
    assert rows == expected and len(rows) >= 3
    # Its demo date of last change is kept.
    entry = next(e for e in demo["datasets"] if e["name"] == "sheptytskyi-reiestr-naboriv-danykh")
    assert pkg["metadata_modified"].startswith((NOW - dt.timedelta(days=entry["last_updated_days_ago"])).date()
                                               .isoformat())
