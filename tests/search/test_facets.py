"""Passport facets, filtered in real Solr."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from ckan.tests.helpers import call_action

from tests.factories import PassportDataset, Publisher


@pytest.fixture
def catalogue():
    council = Publisher(publisher_type="executive_body")
    transport = Publisher(publisher_type="communal_enterprise", edrpou="26162800")
    return {
        "budget": PassportDataset(owner_org=council["id"], update_frequency="once a month",
                                  topic="finansy", list835_item="lsg-budget"),
        "register": PassportDataset(owner_org=council["id"], update_frequency="once a quarter",
                                    topic="derzhava", list835_item="all-dataset-register"),
        "stops": PassportDataset(owner_org=transport["id"], update_frequency="once a quarter",
                                 topic="transport", list835_item="lsg-public-transport-stops",
                                 resources=[
                                     {"url": "https://x.example/s.json", "format": "JSON", "resource_role": "data"},
                                     {"url": "https://x.example/s.csv", "format": "CSV", "resource_role": "structure"},
                                 ]),
        "other": PassportDataset(owner_org=transport["id"], update_frequency="once a year",
                                 topic="transport", list835_item="none"),
    }


def names(fq: str) -> set[str]:
    return {d["name"] for d in call_action("package_search", fq=fq, rows=100)["results"]}


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestFacetFilters:
    def test_update_frequency(self, catalogue):
        assert names('update_frequency:"once a quarter"') == {catalogue["register"]["name"], catalogue["stops"]["name"]}

    def test_topic(self, catalogue):
        assert names("topic:transport") == {catalogue["stops"]["name"], catalogue["other"]["name"]}

    def test_publisher_type(self, catalogue):
        assert names("publisher_type:executive_body") == {catalogue["budget"]["name"], catalogue["register"]["name"]}

    def test_835_section(self, catalogue):
        assert names("list835_section:all_publishers") == {catalogue["register"]["name"]}
        assert names("list835_section:local_self_government") == {
            catalogue["budget"]["name"], catalogue["stops"]["name"]}

    def test_format(self, catalogue):
        assert names("res_format:JSON") == {catalogue["stops"]["name"]}

    def test_facet_counts(self, catalogue):
        facets = call_action("package_search", rows=0,
                             **{"facet.field": ["update_frequency", "publisher_type", "list835_section"]})["facets"]
        assert facets["update_frequency"] == {"once a month": 1, "once a quarter": 2, "once a year": 1}
        assert facets["publisher_type"] == {"executive_body": 2, "communal_enterprise": 2}
        assert facets["list835_section"] == {"local_self_government": 2, "all_publishers": 1}


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestFacetsOnTheSearchPage:
    def facet_labels(self, body: str, facet: str) -> list[str]:
        links = BeautifulSoup(body, "html.parser").select(f'a[href*="{facet}="]')
        return [a.get_text(" ", strip=True) for a in links]

    def test_labels_in_ukrainian(self, app, catalogue):
        body = app.get("/dataset/").body
        labels = " ".join(self.facet_labels(body, "update_frequency"))
        assert "Щокварталу" in labels and "Щомісяця" in labels
        assert "once a quarter" not in labels
        assert "Комунальне підприємство" in " ".join(self.facet_labels(body, "publisher_type"))
        assert "Органи місцевого самоврядування" in " ".join(self.facet_labels(body, "list835_section"))
        for title in ("Періодичність оновлення", "Тема", "Тип розпорядника", "Розділ переліку Постанови № 835"):
            assert title in body

    def test_labels_in_the_partial_answers_and_on_a_publishers_page(self, app, catalogue):
        """CKAN 2.12 redraws results and facets from an htmx request (2.11 answers the whole page):
        the facet lists are the same snippet either way, so the labels are too."""
        partial = app.get("/dataset/", headers={"HX-Request": "true"}).body
        assert "Щокварталу" in " ".join(self.facet_labels(partial, "update_frequency"))
        organization = call_action("organization_list")[0]
        publisher = app.get(f"/organization/{organization}").body
        assert "once a quarter" not in " ".join(self.facet_labels(publisher, "update_frequency"))

    def test_labels_in_english(self, app, catalogue):
        body = app.get("/en/dataset/").body
        assert "Once a quarter" in " ".join(self.facet_labels(body, "update_frequency"))
        assert "Resolution 835 section" in body

    def test_filtering_through_the_page(self, app, catalogue):
        body = app.get("/dataset/", params={"publisher_type": "communal_enterprise"}).body
        assert catalogue["stops"]["title"] in body
        assert catalogue["budget"]["name"] not in body
