"""Scores follow the datasets in the database and the index; the quality tab and API."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

from ckanext.chervonohrad.quality.model import DatasetScore, ScoreHistory
from tests.factories import PassportDataset, Publisher


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestScoresFollowDatasets:
    def test_created_dataset_is_scored(self):
        dataset = PassportDataset()
        row = model.Session.get(DatasetScore, dataset["id"])
        assert row.score > 80 and row.band == "excellent" and row.meets
        assert model.Session.query(ScoreHistory).filter_by(package_id=dataset["id"]).count() == 1

    def test_a_change_that_lowers_the_score_is_kept_in_history(self):
        dataset = PassportDataset(state="draft")
        before = model.Session.get(DatasetScore, dataset["id"]).score
        call_action("package_patch", context={"user": factories.Sysadmin()["name"]}, id=dataset["id"],
                    topic="", maintainer_email="")
        after = model.Session.get(DatasetScore, dataset["id"]).score
        assert after < before
        history = [h.score for h in model.Session.query(ScoreHistory).filter_by(package_id=dataset["id"])
                   .order_by(ScoreHistory.computed_at)]
        assert history == [before, after]

    def test_an_unchanged_update_adds_no_history(self):
        dataset = PassportDataset()
        call_action("package_patch", context={"user": factories.Sysadmin()["name"]}, id=dataset["id"], version="2")
        assert model.Session.query(ScoreHistory).filter_by(package_id=dataset["id"]).count() == 1

    def test_deleted_dataset_loses_its_current_score(self):
        dataset = PassportDataset()
        call_action("package_delete", context={"user": factories.Sysadmin()["name"]}, id=dataset["id"])
        assert model.Session.get(DatasetScore, dataset["id"]) is None

    def test_band_facet_and_sort_by_score_in_solr(self):
        org = Publisher()
        good = PassportDataset(owner_org=org["id"])
        weaker = PassportDataset(owner_org=org["id"], topic="", tags=[{"name": "одне"}], territory="",
                                 resources=[{"url": "https://x.example/a.pdf", "format": "PDF",
                                             "resource_role": "data"},
                                            {"url": "https://x.example/s.csv", "format": "CSV",
                                             "resource_role": "structure"}])
        found = call_action("package_search", sort="quality_score desc", **{"facet.field": ["quality_band"]})
        assert [d["name"] for d in found["results"]] == [good["name"], weaker["name"]]
        assert found["facets"]["quality_band"]["excellent"] == 1


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestQualityShowAndTab:
    def test_action(self):
        dataset = PassportDataset()
        quality = call_action("chervonohrad_quality_show", id=dataset["name"])
        assert quality["score"] == model.Session.get(DatasetScore, dataset["id"]).score
        assert {i["key"] for i in quality["indicators"]} >= {"timeliness", "openness", "structure_file"}
        assert len(quality["history"]) == 1

    def test_private_dataset_quality_is_hidden_from_outsiders(self):
        member = factories.User()
        dataset = PassportDataset(owner_org=Publisher(users=[{"name": member["name"], "capacity": "member"}])["id"],
                                  private=True)
        assert call_auth("chervonohrad_quality_show", {"user": member["name"]}, id=dataset["id"])
        with pytest.raises(tk.NotAuthorized):
            call_auth("chervonohrad_quality_show", {"user": None}, id=dataset["id"])

    def test_tab_in_both_languages(self, app):
        dataset = PassportDataset()
        page = BeautifulSoup(app.get(f"/dataset/{dataset['name']}/quality").body, "html.parser")
        assert page.select_one("#quality-summary")["data-band"] == "excellent"
        assert "Якість набору даних" in page.text
        assert page.select_one('tr[data-key="timeliness"] td').get_text(strip=True).startswith("Своєчасність")
        english = app.get(f"/en/dataset/{dataset['name']}/quality").body
        assert "Quality of the dataset" in english and "Updated on time" in english

    def test_badge_on_the_dataset_page(self, app):
        dataset = PassportDataset()
        assert "Відмінно" in app.get(f"/dataset/{dataset['name']}").body

    def test_unknown_dataset_tab_is_a_404(self, app):
        app.get("/dataset/nemaie/quality", status=404)
