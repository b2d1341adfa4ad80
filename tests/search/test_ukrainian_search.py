"""Search that understands Ukrainian, in the real Solr core with the derived schema."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
import requests

from ckan.tests.helpers import call_action

from tests import ROOT, suite_ini
from tests.factories import PassportDataset, Publisher


def names(**params) -> list[str]:
    return [d["name"] for d in call_action("package_search", rows=50, **params)["results"]]


@pytest.fixture
def catalogue():
    council = Publisher(name="finupr", edrpou="26510514")
    return {
        "budget": PassportDataset(owner_org=council["id"], name="vykonannia-biudzhetu",
                                  title="Виконання бюджету громади", notes="Звіт про виконання бюджету за квартал.",
                                  territory="UA46120130000026331"),
        "stops": PassportDataset(owner_org=council["id"], name="zupynky",
                                 title="Зупинки громадського транспорту",
                                 notes="Перелік зупинок автобусів з координатами.", territory="UA46120110000062257"),
        "property": PassportDataset(owner_org=council["id"], name="komunalne-maino",
                                    title="Перелік об’єктів комунальної власності",
                                    notes="Об’єкти, що передані в оренду."),
        "english": PassportDataset(owner_org=council["id"], name="ev-chargers",
                                   title="Зарядні станції", notes="Electric vehicle charging stations in the city."),
    }


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestUkrainianSearch:
    @pytest.mark.parametrize("query", ["бюджету", "бюджетом", "БЮДЖЕТ", "виконанням бюджетів", "Бюджети громад"])
    def test_inflected_forms_find_the_budget(self, catalogue, query):
        assert catalogue["budget"]["name"] in names(q=query)

    @pytest.mark.parametrize("query", ["зупинок", "зупинка", "ЗУПИНКАМИ", "автобуси", "транспорт громадський"])
    def test_inflected_forms_find_the_stops(self, catalogue, query):
        assert names(q=query) == [catalogue["stops"]["name"]]

    @pytest.mark.parametrize("query", ["об'єкти", "об’єкт", "обʼєктів", "об`єкта", "Об'єкти комунальної власності"])
    def test_apostrophe_variants(self, catalogue, query):
        assert catalogue["property"]["name"] in names(q=query)

    def test_unrelated_words_do_not_match(self, catalogue):
        assert names(q="водопостачання") == []

    @pytest.mark.parametrize("query", ["charging station", "vehicles", "electric"])
    def test_english_still_stems(self, catalogue, query):
        assert names(q=query) == [catalogue["english"]["name"]]

    def test_title_weighs_more_than_description(self, catalogue):
        PassportDataset(name="inshe", title="Інший набір", notes="Тут згадано бюджет мимохідь.")
        assert names(q="бюджет")[0] == catalogue["budget"]["name"]

    def test_url_names_match_exactly(self, catalogue):
        assert names(q="name:zupynky") == ["zupynky"]
        assert names(q="name:zupyn") == []

    def test_codes_match_exactly(self, catalogue):
        assert names(fq="territory:UA46120110000062257") == ["zupynky"]
        assert names(fq="territory:UA4612011") == []
        assert set(names(fq="publisher_edrpou:26510514")) == {d["name"] for d in catalogue.values()}
        assert names(fq="publisher_edrpou:2651051") == []

    def test_the_core_reports_the_ukrainian_analysis(self, ckan_config):
        fields = requests.get(ckan_config["solr_url"] + "/analysis/field", params={
            "analysis.fieldtype": "text", "analysis.fieldvalue": "зупинок м’ясо", "wt": "json"}, timeout=10).json()
        tokens = [t["text"] for t in fields["analysis"]["field_types"]["text"]["index"][-1]]
        assert tokens == ["зупинка", "м'ясо"]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_search_index_rebuild_works_with_the_schema(catalogue, reset_index):
    reset_index()
    assert names(q="бюджету") == []
    done = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ckan"), "-c",
                           suite_ini(), "search-index", "rebuild"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert catalogue["budget"]["name"] in names(q="бюджету")
    assert names(q="зупинок") == ["zupynky"]
