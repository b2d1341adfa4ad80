"""The rescore's fast indexing swaps CKAN internals only where they have the shape it knows;
anywhere else it indexes the plain way, and the index documents come out the same."""
from __future__ import annotations

import json

import pytest
from ckanext.harvest.model import HarvestJob, HarvestObject, HarvestSource
from ckanext.harvest.plugin import Harvest as HarvestPlugin
from sqlalchemy import text

import ckan
from ckan import model
from ckan.lib import plugins as lib_plugins
from ckan.lib import search
from ckan.lib.search import index as search_index
from ckan.lib.search.common import make_connection

from ckanext.chervonohrad.quality import fast_index, rescore, scoring
from ckanext.chervonohrad.quality.model import DatasetScore, LinkCheck
from tests.factories import PassportDataset

# What Solr itself sets on each write: not part of what the indexer builds.
SOLR_OWN = ("_version_", "indexed_ts")


def _documents(ids: list[str]) -> dict[str, dict]:
    found = make_connection().search("*:*", fq=["{!terms f=id}" + ",".join(ids)], fl="*", rows=len(ids))
    return {doc["id"]: {k: v for k, v in doc.items() if k not in SOLR_OWN} for doc in found.docs}


def _unordered_extras(doc: dict) -> dict:
    """A document with the extras of its stored dicts in key order: CKAN 2.12 lists a dataset's
    extras in its JSONB column's order, the copy the fast path re-indexes from in the order they
    were saved in; the order means nothing."""
    parsed = dict(doc)
    for key in ("data_dict", "validated_data_dict"):
        stored = json.loads(doc[key])
        if isinstance(stored.get("extras"), list):
            stored["extras"] = sorted(stored["extras"], key=lambda extra: extra.get("key", ""))
        parsed[key] = stored
    return parsed


def _night_before(ids: list[str]) -> None:
    """The index with scores of old, the stored ones unknown: the next rescore finds every
    dataset changed and re-indexes it."""
    with scoring.known_scores({package_id: (1, "low") for package_id in ids}):
        search.rebuild(package_ids=ids)
    search.commit()
    assert {doc["quality_score"] for doc in _documents(ids).values()} == {1}
    model.Session.execute(text("UPDATE chervonohrad_dataset_score SET score = -1 WHERE package_id = ANY(:ids)"),
                          {"ids": ids})
    model.Session.commit()


def _datasets() -> list[str]:
    """Three datasets, one harvested, all with broken links the index does not know about."""
    datasets = [PassportDataset(), PassportDataset(update_frequency="once a month"), PassportDataset()]
    source = HarvestSource(url="http://sokal.example/", type="chervonohrad_ckan", title="Сокаль")
    job = HarvestJob(source=source)
    model.Session.add_all([source, job, HarvestObject(guid="g1", job=job, source=source, current=True,
                                                      package_id=datasets[0]["id"])])
    for dataset in datasets[:2]:
        for resource in dataset["resources"]:
            model.Session.add(LinkCheck(resource_id=resource["id"], package_id=dataset["id"], url=resource["url"],
                                        ok=False, status_code=404, reason="http_error"))
    model.Session.commit()
    search.rebuild(datasets[0]["id"])  # the harvest plugin's extras in its document
    return sorted(d["id"] for d in datasets)


def _plain_validate(plugin, context, data_dict, schema, action, *, extra=None):
    """CKAN's plugin_validate, as a later version might spell it."""
    return _original_validate(plugin, context, data_dict, schema, action)


_original_validate = lib_plugins.plugin_validate

# Ways a CKAN or ckanext-harvest upgrade may change what the fast path swaps; CKAN keeps
# working in each (they are all applied to the running process).
CHANGES = {
    "a CKAN version not known": lambda mp: mp.setattr(ckan, "__version__", "2.13.0"),
    # (CKAN 2.11's indexer validates through it; 2.12's is handed the validated form instead.)
    "plugin_validate with another signature": lambda mp: mp.setattr(lib_plugins, "plugin_validate",
                                                                      _plain_validate),
    "the harvest plugin without its own index hook": lambda mp: mp.delattr(HarvestPlugin, "before_dataset_index"),
}


@pytest.mark.usefixtures("clean_db", "clean_index", "clean_redis")
class TestFastIndex:
    def test_the_fast_path_is_usable_with_the_ckan_installed(self):
        assert fast_index.problems() == []

    def test_the_plain_path_makes_the_documents_the_fast_path_makes(self, monkeypatch):
        ids = _datasets()
        before = _documents(ids)
        assert rescore.rescore_slice(ids)["changed"] == 2
        fast = _documents(ids)
        scores = dict(model.Session.query(DatasetScore.package_id, DatasetScore.score))
        assert {i: doc["quality_score"] for i, doc in fast.items()} == scores
        assert fast != before

        _night_before(ids)
        calls = []
        monkeypatch.setattr(fast_index, "_fast", lambda *args: calls.append(args))  # must not be reached
        monkeypatch.setattr(ckan, "__version__", "2.13.0")
        assert rescore.rescore_slice(ids)["changed"] == 3
        assert calls == []
        plain = _documents(ids)
        for package_id in ids:  # score, band, the dicts, the harvest extras, every hook's field
            assert _unordered_extras(plain[package_id]) == _unordered_extras(fast[package_id])

    @pytest.mark.parametrize("change", [
        pytest.param(change, id=name, marks=pytest.mark.skipif(
            name == "plugin_validate with another signature"
            and fast_index._handed_validated_form(search_index.PackageSearchIndex.index_package),
            reason="CKAN 2.12's indexer does not validate: it is handed the validated form"))
        for name, change in CHANGES.items()])
    def test_a_changed_internal_selects_the_plain_path(self, monkeypatch, change):
        ids = _datasets()
        change(monkeypatch)
        monkeypatch.setattr(fast_index, "_warned", False)
        rebuilt = []
        rebuild = search.rebuild
        monkeypatch.setattr(search, "rebuild", lambda **kw: rebuilt.append(kw["package_ids"]) or rebuild(**kw))
        warnings = []
        monkeypatch.setattr(fast_index.log, "warning", lambda *args: warnings.append(args))
        assert fast_index.problems() != []
        assert rescore.rescore_slice(ids)["changed"] == 2
        rescore.reindex(ids)
        assert [len(batch) for batch in rebuilt] == [2, 3]  # the slice's changed datasets, then all
        model.Session.expire_all()
        scores = dict(model.Session.query(DatasetScore.package_id, DatasetScore.score))
        assert {i: doc["quality_score"] for i, doc in _documents(ids).items()} == scores
        assert len(warnings) == 1  # once per process, with the reasons

    def test_an_indexer_without_make_connection_is_not_patched(self, monkeypatch):
        monkeypatch.delattr(search_index, "make_connection")
        assert any("make_connection" in problem for problem in fast_index.problems())

    def test_the_swaps_are_undone_after_a_fast_run(self):
        ids = _datasets()
        connection, validate = search_index.make_connection, lib_plugins.plugin_validate
        rescore.rescore_slice(ids)
        assert (search_index.make_connection, lib_plugins.plugin_validate) == (connection, validate)
        from ckan.plugins import get_plugin

        assert "before_dataset_index" not in vars(get_plugin("harvest"))
