"""The nightly rescore: every dataset scored as of today, from the index in pages, with
changed scores re-indexed by background jobs."""
from __future__ import annotations

import datetime as dt

import pytest

from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.lib import search
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.common.jobs import LONG
from ckanext.chervonohrad.quality import rescore
from ckanext.chervonohrad.quality.model import DatasetScore, ScoreHistory
from tests.factories import PassportDataset


@pytest.mark.usefixtures("clean_db", "clean_index", "clean_redis")
class TestRescore:
    def test_time_passing_lowers_a_monthly_dataset_and_queues_its_reindexing(self):
        fresh = PassportDataset()
        stale = PassportDataset(update_frequency="once a month")
        before = model.Session.get(DatasetScore, stale["id"]).score
        counts = rescore.rescore(today=dt.date.today() + dt.timedelta(days=120), page_size=1)
        assert counts == {"scored": 2, "changed": 2, "unindexed": 0}
        assert model.Session.get(DatasetScore, stale["id"]).score < before
        assert model.Session.query(ScoreHistory).filter_by(package_id=fresh["id"]).count() == 2
        queued = ckan_jobs.get_queue(LONG).jobs  # a night's re-indexing waits behind emails and changes
        assert [sorted(job.args[0]) for job in queued] == [sorted([fresh["id"], stale["id"]])]
        # The job brings the index in line: sorting by quality sees the new score.
        rescore.reindex(queued[0].args[0])
        found = call_action("package_search", q="*:*", fl="id,quality_score", rows=10)["results"]
        assert {r["id"]: r["quality_score"] for r in found}[stale["id"]] == \
            model.Session.get(DatasetScore, stale["id"]).score

    def test_an_unchanged_night_changes_nothing(self):
        PassportDataset()
        counts = rescore.rescore()
        assert counts["changed"] == 0 and ckan_jobs.get_queue(LONG).jobs == []

    def test_a_dataset_missing_from_the_index_is_read_from_the_database(self):
        dataset = PassportDataset()
        search.clear(dataset["id"])
        counts = rescore.rescore(queue_reindex=False)
        assert counts == {"scored": 1, "changed": 0, "unindexed": 1}

    def test_deleted_datasets_are_not_scored(self):
        dataset = PassportDataset()
        call_action("package_delete", context={"user": factories.Sysadmin()["name"]}, id=dataset["id"])
        assert rescore.rescore()["scored"] == 0
