"""The MQA view on real datasets (the real DB, the configured DCAT profiles) and the quality tab."""
from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from rdflib.namespace import DCTERMS

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.dcat.helpers import chervonohrad_dcat_mqa, compliance, graph_of
from ckanext.chervonohrad.quality.model import LinkCheck
from tests import legacy
from tests.factories import PassportDataset, Publisher


def _indicators(view: dict) -> dict[str, float]:
    return {i["key"]: i["points"] for d in view["dimensions"] for i in d["indicators"]}


def _shown(dataset: dict) -> dict:
    return call_action("package_show", id=dataset["id"])


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestHelperOnRealDatasets:
    def test_a_passport_dataset_gets_the_points_its_fields_map_to(self):
        view = chervonohrad_dcat_mqa(_shown(PassportDataset()))
        got = _indicators(view)
        assert view["max_points"] == 405 and 0 < view["points"] < 405
        for key in ("keyword", "theme", "contact_point", "publisher", "issued", "modified",
                    "format", "media_type", "machine_readable", "non_proprietary", "licence", "licence_vocabulary"):
            assert got[key] > 0, key
        assert got["dcat_ap_compliance"] == 30 and view["compliance_checked"] is True  # the package ships the shapes

    def test_fewer_fields_fewer_points(self):
        full = chervonohrad_dcat_mqa(_shown(PassportDataset()))
        bare = chervonohrad_dcat_mqa(_shown(PassportDataset(tags=[], topic="", state="draft")))
        assert _indicators(bare)["keyword"] == 0 and _indicators(bare)["theme"] == 0
        assert bare["points"] <= full["points"] - 60

    def test_link_checks_give_the_accessibility_points(self):
        dataset = _shown(PassportDataset())
        assert _indicators(chervonohrad_dcat_mqa(dataset))["access_url_reachable"] == 0
        for resource in dataset["resources"]:
            model.Session.add(LinkCheck(resource_id=resource["id"], package_id=dataset["id"],
                                        url=resource["url"], ok=True))
        model.Session.commit()
        assert _indicators(chervonohrad_dcat_mqa(dataset))["access_url_reachable"] == 50

    def test_old_content_without_org_resources_or_licence_does_not_crash(self):
        old = legacy.dataset(legacy.organization()["id"], license_id="no-such-licence",
                             update_frequency="щомісяця", resources=({"url": "", "format": "Excel 97"},))
        view = chervonohrad_dcat_mqa(_shown(old))
        assert view is not None and view["points"] < 121 and view["rating"] == "bad"
        assert _indicators(view)["download_url"] == 0 and _indicators(view)["licence_vocabulary"] == 0
        odd = dict(_shown(old), resources=[{"id": "x", "url": "", "format": "Excel 97 (legacy)"}],
                      license_id="no-such-licence", tags=[{"name": ""}])
        assert chervonohrad_dcat_mqa(odd) is not None


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestQualityTab:
    @pytest.mark.parametrize("prefix, heading, dimension", [
        ("", "EU metadata quality (MQA)", "Знайдимість"), ("/en", "EU metadata quality (MQA)", "Findability")])
    def test_the_tab_shows_the_table(self, app, prefix, heading, dimension):
        dataset = PassportDataset()
        expected = chervonohrad_dcat_mqa(_shown(dataset))
        response = app.get(f"{prefix}/dataset/{dataset['name']}/quality", status=200)
        page = BeautifulSoup(response.body, "html.parser")
        section = page.select_one("#mqa")
        assert section is not None and float(section["data-points"]) == expected["points"]
        rows = section.select("#mqa-dimensions tbody tr.table-light")
        assert len(section.select("tr.mqa-indicator")) == 23
        assert [r["data-key"] for r in rows] == ["findability", "accessibility", "interoperability",
                                                 "reusability", "contextuality"]
        assert dimension in rows[0].get_text() and "/ 100" in rows[0].get_text()
        assert f"{expected['points']} / 405" in section.select_one("tfoot").get_text()
        assert page.select_one("#quality-indicators") is not None  # our score stays beside it

    def test_ukrainian_texts(self, app):
        dataset = PassportDataset()
        body = app.get(f"/dataset/{dataset['name']}/quality").body
        text = BeautifulSoup(body, "html.parser").select_one("#mqa").get_text()
        assert "Розмір файлу" in text and "Усього" in text

    def test_private_dataset_tab_stays_hidden_from_outsiders(self, app):
        member = factories.User()
        dataset = PassportDataset(owner_org=Publisher(users=[{"name": member["name"], "capacity": "member"}])["id"],
                                  private=True)
        page = app.get(f"/dataset/{dataset['name']}/quality", status=403).body
        assert 'id="mqa"' not in page

    def test_old_content_tab_renders(self, app):
        old = legacy.dataset(legacy.organization()["id"], tags=("старе",),
                             resources=({"url": "ftp://old", "format": "DOC"},))
        call_action("chervonohrad_quality_rescore", context={"user": factories.Sysadmin()["name"]}, id=old["id"])
        body = app.get(f"/dataset/{old['name']}/quality", status=200).body
        section = BeautifulSoup(body, "html.parser").select_one("#mqa")
        assert section is not None and float(section["data-points"]) < 405


SHAPES = Path(__file__).resolve().parent.parent / "data" / "shacl" / "dcat-ap-3.0.1-shapes.ttl"


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestCompliance:
    def test_a_passport_dataset_passes_the_shapes_and_gets_the_30_points(self):
        dataset = _shown(PassportDataset())
        graph, _ = graph_of(dataset)
        assert compliance(graph, dataset, SHAPES) is True

    def test_a_graph_without_its_title_fails_them(self):
        dataset = _shown(PassportDataset())
        graph, node = graph_of(dataset)
        graph.remove((node, DCTERMS.title, None))
        assert compliance(graph, dict(dataset, metadata_modified="changed"), SHAPES) is False
