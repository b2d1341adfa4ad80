"""The full rescore in parallel: one background job per slice of datasets scores, stores
and re-indexes its slice; real burst workers drain the queue."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from ckanext.harvest.model import HarvestJob, HarvestObject, HarvestSource
from sqlalchemy import text

from ckan import model
from ckan.cli.cli import ckan
from ckan.lib import jobs as ckan_jobs
from ckan.lib import search
from ckan.lib.search.common import make_connection

from ckanext.chervonohrad.common.jobs import LONG, QUEUES
from ckanext.chervonohrad.performance import summary
from ckanext.chervonohrad.quality import rescore
from ckanext.chervonohrad.quality.model import DatasetScore, LinkCheck, ScoreHistory
from tests import ROOT
from tests.factories import PassportDataset, Publisher

CKAN_CLI = os.path.join(os.path.dirname(sys.executable), "ckan")


def _solr_doc(package_id: str, fq: str = "*:*") -> dict | None:
    found = make_connection().search("*:*", fq=[f"id:{package_id}", fq], fl="id,quality_score")
    return found.docs[0] if found.docs else None


def _stored_doc(package_id: str) -> dict:
    """The stored fields of a dataset's document that indexing derives, parsed."""
    doc = make_connection().search("*:*", fq=[f"id:{package_id}"],
                                   fl="validated_data_dict,data_dict,quality_score").docs[0]
    data_dict = json.loads(doc["data_dict"])
    nested = data_dict.pop("validated_data_dict", None)  # CKAN 2.11 keeps a copy inside data_dict; 2.12 not
    return {"validated_data_dict": json.loads(doc["validated_data_dict"]),
            "nested_validated": json.loads(nested) if nested else None, "data_dict": data_dict,
            "quality_score": doc["quality_score"]}


def _differences(rebuilt: dict, fast: dict) -> str:
    """The keys, one level into each part, whose values differ (pytest elides nested dicts)."""
    found = []
    for part in sorted(set(rebuilt) | set(fast)):
        a, b = rebuilt.get(part), fast.get(part)
        if isinstance(a, dict) and isinstance(b, dict):
            found += [f"{part}.{key}: rebuilt {a.get(key)!r} vs slice {b.get(key)!r}"
                      for key in sorted(set(a) | set(b)) if a.get(key) != b.get(key)]
        elif a != b:
            found.append(f"{part}: rebuilt {a!r} vs slice {b!r}")
    return "; ".join(found)[:3000]


def _break_links(dataset: dict) -> float:
    """Every resource's link found broken by a (pretend) link check: the score falls, but
    neither the stored score nor the indexed one knows yet. Returns the indexed score."""
    for resource in dataset["resources"]:
        model.Session.add(LinkCheck(resource_id=resource["id"], package_id=dataset["id"], url=resource["url"],
                                    ok=False, status_code=404, reason="http_error"))
    model.Session.commit()
    return _solr_doc(dataset["id"])["quality_score"]


@pytest.mark.usefixtures("clean_db", "clean_index", "clean_redis")
class TestRescoreSlices:
    def test_one_job_per_slice_scores_stores_and_reindexes_its_datasets(self):
        datasets = [PassportDataset(), PassportDataset(update_frequency="once a month"), PassportDataset()]
        stale = datasets[1]["id"]
        indexed = _break_links(datasets[1])
        queued = rescore.enqueue_slices(slice_size=2)
        assert [len(job.args[0]) for job in queued] == [2, 1]
        assert sorted(i for job in queued for i in job.args[0]) == sorted(d["id"] for d in datasets)
        totals = [rescore.rescore_slice(*job.args) for job in queued]
        assert sum(t["scored"] for t in totals) == 3 and sum(t["changed"] for t in totals) == 1
        stored = model.Session.get(DatasetScore, stale)
        assert stored.score < indexed and model.Session.query(ScoreHistory).filter_by(package_id=stale).count() == 2
        # Re-indexed from the document's own copy of the dataset: the new score, and the fields
        # other hooks add (the publisher type facet) still there.
        assert _solr_doc(stale, "publisher_type:*")["quality_score"] == stored.score

    def test_the_reindexed_document_is_the_one_a_full_rebuild_makes(self):
        """The slice re-indexes from the document's own dict and the validated form it
        carries, without validating again: a rebuild from the database agrees."""
        dataset = PassportDataset(update_frequency="once a month")
        _break_links(dataset)
        rescore.rescore_slice([dataset["id"]])
        fast = _stored_doc(dataset["id"])
        search.rebuild(dataset["id"])
        rebuilt = _stored_doc(dataset["id"])
        assert rebuilt == fast, _differences(rebuilt, fast)

    def test_a_harvested_dataset_keeps_what_the_harvest_plugin_adds(self):
        dataset = PassportDataset()
        source = HarvestSource(url="http://sokal.example/", type="chervonohrad_ckan", title="Сокаль")
        job = HarvestJob(source=source)
        model.Session.add_all([source, job, HarvestObject(guid="g1", job=job, source=source, current=True,
                                                          package_id=dataset["id"])])
        model.Session.commit()
        search.rebuild(dataset["id"])
        _break_links(dataset)
        rescore.rescore_slice([dataset["id"]])
        extras = {e["key"]: e["value"] for e in _stored_doc(dataset["id"])["validated_data_dict"].get("extras", [])}
        assert extras["harvest_source_id"] == source.id and extras["harvest_source_title"] == "Сокаль"

    def test_slices_follow_publishers(self):
        first, second = Publisher(), Publisher()
        datasets = [PassportDataset(owner_org=org["id"]) for org in (first, second, first, second)]
        queued = rescore.enqueue_slices(slice_size=2)
        owners = [{d["owner_org"] for d in datasets if d["id"] in job.args[0]} for job in queued]
        assert sorted(map(len, owners)) == [1, 1]

    def test_a_slice_scores_as_of_the_day_it_is_given(self):
        dataset = PassportDataset(update_frequency="once a month")
        before = model.Session.get(DatasetScore, dataset["id"]).score
        queued = rescore.enqueue_slices(today=dt.date.today() + dt.timedelta(days=120))
        assert rescore.rescore_slice(*queued[0].args) == {"scored": 1, "changed": 1, "unindexed": 0}
        model.Session.expire_all()
        assert model.Session.get(DatasetScore, dataset["id"]).score < before

    def test_a_dataset_missing_from_the_index_is_read_from_the_database_and_indexed(self):
        from ckan.lib import search

        dataset = PassportDataset()
        search.clear(dataset["id"])
        model.Session.execute(text("UPDATE chervonohrad_dataset_score SET score = -1"))
        model.Session.commit()
        assert rescore.rescore_slice([dataset["id"]]) == {"scored": 1, "changed": 1, "unindexed": 1}
        assert _solr_doc(dataset["id"]) is not None

    def test_burst_workers_drain_the_queue_and_wait_sums_their_counts(self, request):
        datasets = [PassportDataset() for _ in range(3)]
        indexed = [_break_links(dataset) for dataset in datasets]
        queued = rescore.enqueue_slices(slice_size=1)
        ini = request.config.getoption("--ckan-ini")
        workers = [subprocess.Popen([CKAN_CLI, "-c", ini, "jobs", "worker", "--burst", *QUEUES],
                                    cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in range(2)]
        for worker in workers:
            assert worker.wait(timeout=180) == 0, worker.stdout.read()
        assert rescore.wait(queued, poll=0.1) == {"scored": 3, "changed": 3, "unindexed": 0, "failed": 0,
                                                      "lost": 0}
        for dataset, before in zip(datasets, indexed, strict=True):
            assert _solr_doc(dataset["id"], "publisher_type:*")["quality_score"] < before
        assert summary.drift() == []  # the publishers' stored figures followed the workers' commits

    def test_the_command_queues_the_slices(self, cli):
        PassportDataset()
        result = cli.invoke(ckan, ["chervonohrad", "quality", "rescore", "--jobs", "--slice-size", "10"])
        assert result.exit_code == 0, result.output
        assert "Queued 1 rescore jobs" in result.output
        assert [job.func_name for job in ckan_jobs.get_queue(LONG).jobs] == [f"{rescore.__name__}.rescore_slice"]
