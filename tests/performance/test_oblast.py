"""The oblast view: the overview of hromadas, the rating and its snapshots per hromada, and
the pages that open on the viewer's own hromada — on a crafted oblast of three hromadas
with figures computed by hand."""
from __future__ import annotations

import csv
import io

import pytest
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

from ckanext.chervonohrad.hromada import vocabulary
from ckanext.chervonohrad.performance import rating
from tests.factories import PassportDataset, Publisher
from tests.hromada.officers import officer_of
from tests.performance.test_rating import applicable, set_score

SHEPTYTSKA = "UA46120130000026331"
LVIV = "UA46060250000025047"
BORYSLAV = "UA46020010000073886"


@pytest.fixture(scope="module")
def _oblast(restore_point):
    return restore_point(_make_oblast)


@pytest.fixture
def oblast(_oblast):
    return _oblast.restore()


def _make_oblast():
    """Sheptytska: finance (executive body; budget 90 meets on time, tax 60 late) and water
    (communal enterprise; structure 40 on time). Lviv: it (executive body; budget 80 meets on
    time). Boryslav: archive, nothing published."""
    finance = Publisher(name="finance", title="Фінансове управління")
    water = Publisher(name="water", title="Водоканал", publisher_type="communal_enterprise")
    it = Publisher(name="lviv-it", title="Львівський ІТ-департамент", hromada=LVIV)
    archive = Publisher(name="archive", title="Бориславський архів", hromada=BORYSLAV)
    budget = PassportDataset(owner_org=finance["id"], list835_item="lsg-budget")
    tax = PassportDataset(owner_org=finance["id"], list835_item="lsg-tax-revenues")
    structure = PassportDataset(owner_org=water["id"], list835_item="all-org-structure")
    lviv_budget = PassportDataset(owner_org=it["id"], list835_item="lsg-budget")
    for dataset, score, meets, on_time in ((budget, 90, True, True), (tax, 60, False, False),
                                           (structure, 40, False, True), (lviv_budget, 80, True, True)):
        set_score(dataset, score, meets, on_time)
    return {"finance": finance, "water": water, "it": it, "archive": archive, "structure": structure}


def rows_by_code(overview):
    return {row["code"]: row for row in overview["hromadas"]}


def member_of(org, capacity="editor"):
    user = factories.UserWithToken()
    call_action("member_create", id=org["id"], object=user["name"], object_type="user", capacity=capacity)
    return user


def auth(user):
    return {"Authorization": user["token"]}


def page(response):
    return BeautifulSoup(response.body, "html.parser")


class TestOverview:
    def test_each_hromada_against_hand_computed_values(self, oblast):
        overview = call_action("chervonohrad_performance_oblast_overview")
        rows = rows_by_code(overview)
        assert set(rows) == {SHEPTYTSKA, LVIV, BORYSLAV}
        sheptytska, lviv, boryslav = rows[SHEPTYTSKA], rows[LVIV], rows[BORYSLAV]
        # Sheptytska: (90 + 60 + 40) / 3 = 63.3; 1 of 3 meets; the budget and the structure
        # are published on time, of the items that apply to an executive body and a communal enterprise.
        assert (sheptytska["publishers"], sheptytska["datasets"], sheptytska["avg_score"],
                sheptytska["meets_share"]) == (2, 3, 63.3, 33.3)
        assert sheptytska["coverage"]["published"] == 2
        assert sheptytska["coverage"]["applicable"] == applicable("executive_body") + applicable("communal_enterprise")
        assert sheptytska["coverage_on_time_share"] == round(200 / sheptytska["coverage"]["applicable"], 1)
        assert sheptytska["title"] == vocabulary.label(SHEPTYTSKA, "uk") and sheptytska["raion"] == "Шептицький район"
        assert (lviv["publishers"], lviv["datasets"], lviv["avg_score"], lviv["meets_share"]) == (1, 1, 80.0, 100.0)
        assert (boryslav["datasets"], boryslav["avg_score"], boryslav["meets_share"]) == (0, None, None)
        # Ranked by the share meeting the recommendations; a hromada without datasets last.
        assert [r["code"] for r in overview["hromadas"]] == [LVIV, SHEPTYTSKA, BORYSLAV]
        assert (overview["oblast"]["datasets"], overview["oblast"]["meets_share"]) == (4, 50.0)
        assert overview["without_publishers"] == len(vocabulary.hromadas()) - 3
        assert overview["publishers_without_hromada"] == 0

    def test_sorting_english_names_and_bad_sort_keys(self, oblast):
        by_datasets = call_action("chervonohrad_performance_oblast_overview", sort="datasets", order="asc")
        assert [r["code"] for r in by_datasets["hromadas"]] == [BORYSLAV, LVIV, SHEPTYTSKA]
        english = call_action("chervonohrad_performance_oblast_overview", sort="title", lang="en")
        assert [r["title"] for r in english["hromadas"]] == sorted(vocabulary.label(c, "en")
                                                                    for c in (SHEPTYTSKA, LVIV, BORYSLAV))
        with pytest.raises(tk.ValidationError) as error:
            call_action("chervonohrad_performance_oblast_overview", sort="1; drop table")
        assert "sort" in error.value.error_dict

    def test_the_overview_is_public(self, oblast):
        assert call_auth("chervonohrad_performance_oblast_overview", {"user": None})


class TestRatingOfAHromada:
    def test_only_its_publishers_and_its_totals(self, oblast):
        result = call_action("chervonohrad_performance_publisher_rating", hromada=SHEPTYTSKA.lower())
        assert result["hromada"] == SHEPTYTSKA
        assert {p["name"] for p in result["publishers"]} == {"finance", "water"}
        assert (result["council"]["datasets"], result["council"]["avg_score"], result["council"]["meets_share"]) == (
            3, 63.3, 33.3)
        # The overview's row and the hromada's rating agree.
        row = rows_by_code(call_action("chervonohrad_performance_oblast_overview"))[SHEPTYTSKA]
        assert row["coverage"] == {k: result["council"]["coverage"][k] for k in row["coverage"]}

    @pytest.mark.parametrize("action", ["chervonohrad_performance_publisher_rating",
                                        "chervonohrad_performance_snapshot_list", "chervonohrad_reports_dashboard",
                                        "chervonohrad_reports_audit", "chervonohrad_reports_register"])
    def test_an_unknown_hromada_is_refused(self, oblast, action, ukrainian):
        with pytest.raises(tk.ValidationError) as error:
            call_action(action, hromada="UA00000000000000000")
        assert list(error.value.error_dict) == ["hromada"]

    def test_the_api_answers_a_bad_hromada_with_a_409(self, app, oblast):
        response = app.get("/api/3/action/chervonohrad_performance_publisher_rating?hromada=nowhere", status=409)
        assert "hromada" in response.json["error"]


class TestSnapshotsPerHromada:
    def test_a_snapshot_freezes_each_hromada_and_feeds_its_trend(self, oblast):
        assert rating.take_snapshot("2025Q3") == 4
        model.Session.commit()
        frozen = call_action("chervonohrad_performance_snapshot_list", quarter="2025Q3", hromada=SHEPTYTSKA)
        by_scope = {s["scope"]: s for s in frozen}
        assert set(by_scope) == {"hromada:" + SHEPTYTSKA, oblast["finance"]["id"], oblast["water"]["id"]}
        own = by_scope["hromada:" + SHEPTYTSKA]
        assert (own["name"], own["title"], own["datasets"], own["avg_score"]) == (
            SHEPTYTSKA, vocabulary.label(SHEPTYTSKA, "uk"), 3, 63.3)
        everything = call_action("chervonohrad_performance_snapshot_list", quarter="2025Q3")
        # Without a hromada, the scorecard's rows stay as they were: no hromada totals.
        assert not [s for s in everything if s["scope"].startswith("hromada:")]
        assert len(everything) == 5
        # Water improves from 40 to 70: Sheptytska's average moves 63.3 → 73.3, Lviv's stays.
        set_score(oblast["structure"], 70, False, True)
        rows = rows_by_code(call_action("chervonohrad_performance_oblast_overview"))
        assert rows[SHEPTYTSKA]["trend"] == {"quarter": "2025Q3", "avg_score": 10.0, "meets_share": 0.0}
        assert rows[LVIV]["trend"]["avg_score"] == 0.0
        hromada_rating = call_action("chervonohrad_performance_publisher_rating", hromada=SHEPTYTSKA)
        assert hromada_rating["council"]["trend"]["avg_score"] == 10.0
        # The whole oblast compares with the oblast's snapshot: (90+60+70+80)/4 - (90+60+40+80)/4 = 7.5.
        assert call_action("chervonohrad_performance_publisher_rating")["council"]["trend"]["avg_score"] == 7.5


class TestPages:
    def test_the_overview_in_ukrainian_and_english(self, app, oblast):
        html = page(app.get("/hromadas"))
        rows = html.select("#hromada-ranking tbody tr")
        assert [r["data-code"] for r in rows] == [LVIV, SHEPTYTSKA, BORYSLAV]
        link = rows[1].select_one("a")["href"]
        assert link.endswith(f"/publishers/rating?hromada={SHEPTYTSKA}")
        assert rows[1].select_one(".meets-share").get_text(" ", strip=True).endswith("33.3%")
        assert rows[1].select_one(".coverage").get_text(" ", strip=True).startswith("2 /")
        assert str(len(vocabulary.hromadas()) - 3) in html.select_one("#hromadas-without-publishers").get_text()
        nav = [a["href"] for a in html.select("header nav a")]
        assert nav.index("/hromadas") + 1 == nav.index("/publishers/rating")
        english = page(app.get("/en/hromadas?sort=title&order=asc"))
        assert english.select_one("h1").get_text(strip=True) == "Hromadas of the oblast"
        assert [r["data-code"] for r in english.select("#hromada-ranking tbody tr")][0] == BORYSLAV
        assert page(app.get("/hromadas?sort=bogus")).select("#hromada-ranking tbody tr")  # falls back

    def test_the_overview_as_csv(self, app, oblast):
        response = app.get("/hromadas.csv")
        assert response.headers["Content-Type"].startswith("text/csv")
        table = list(csv.reader(io.StringIO(response.body.lstrip("\ufeff"))))
        assert table[0][:3] == ["Місце", "Код КАТОТТГ", "Громада"]
        assert [r[1] for r in table[1:]] == [LVIV, SHEPTYTSKA, BORYSLAV]

    def test_anonymous_visitors_see_the_whole_oblast(self, app, oblast):
        html = page(app.get("/publishers/rating"))
        assert len(html.select("#publisher-rating tbody tr")) == 4
        assert html.select_one("#rating-scope")
        assert html.select_one("#hromada-select option[selected]")["value"] == "all"
        options = html.select("#hromada-select option")
        assert len(options) == len(vocabulary.hromadas()) + 1 and options[0]["value"] == "all"

    def test_a_council_officer_opens_on_their_hromada(self, app, oblast):
        officer = officer_of(LVIV)
        html = page(app.get("/publishers/rating", headers=auth(officer)))
        assert [r["data-name"] for r in html.select("#publisher-rating tbody tr")] == ["lviv-it"]
        assert vocabulary.label(LVIV, "uk") in html.select_one("h1").get_text()
        assert html.select_one("#hromada-select option[selected]")["value"] == LVIV
        # The sort links keep the hromada; ?hromada=all shows the whole oblast.
        assert f"hromada={LVIV}" in html.select_one("#publisher-rating thead a")["href"]
        everything = page(app.get("/publishers/rating?hromada=all", headers=auth(officer)))
        assert len(everything.select("#publisher-rating tbody tr")) == 4
        assert "hromada=all" in everything.select_one("#publisher-rating thead a")["href"]
        assert len(page(app.get("/publishers/rating?hromada=", headers=auth(officer))).select(
            "#publisher-rating tbody tr")) == 4
        dashboard = page(app.get("/open-data/dashboard", headers=auth(officer)))
        assert vocabulary.label(LVIV, "uk") in dashboard.select_one("h1").get_text()
        assert dashboard.select_one("#dashboard-figures").get_text(" ", strip=True).startswith("Оприлюднено наборів 1")

    def test_a_publishers_member_opens_on_its_hromada(self, app, oblast):
        editor = member_of(oblast["water"])
        html = page(app.get("/publishers/rating", headers=auth(editor)))
        assert {r["data-name"] for r in html.select("#publisher-rating tbody tr")} == {"finance", "water"}
        audit = page(app.get("/open-data/audit", headers=auth(editor)))
        assert {r["data-name"] for r in audit.select("#audit-publishers tbody tr")} == {"finance", "water"}
        downloads = [a["href"] for a in audit.select("#audit-downloads a")]
        assert downloads and all(f"hromada={SHEPTYTSKA}" in href for href in downloads)
        # A machine download takes no default: the whole oblast's register.
        register = app.get("/open-data/register.csv", headers=auth(editor)).body
        assert register.count("\n") == 1 + 4

    def test_a_bad_hromada_is_a_400_naming_the_field(self, app, oblast):
        for url in ("/publishers/rating?hromada=UA99", "/open-data/dashboard?hromada=UA99",
                    "/open-data/audit?hromada=UA99", "/open-data/register.csv?hromada=UA99"):
            response = app.get(url, status=400)
            assert "Громада" in response.body and "UA99" in response.body, url

    def test_a_hromada_scorecard(self, app, oblast):
        rating.take_snapshot("2025Q3")
        model.Session.commit()
        admin = factories.SysadminWithToken()
        html = page(app.get(f"/publishers/rating?hromada={SHEPTYTSKA}", headers=auth(admin)))
        link = html.select_one("#scorecards a")["href"]
        assert f"hromada={SHEPTYTSKA}" in link
        table = list(csv.reader(io.StringIO(app.get(link, headers=auth(admin)).body.lstrip("\ufeff"))))
        assert [r[1] for r in table[1:]] == ["Водоканал", "Фінансове управління", "Усього по громаді"]
        assert table[-1][2] == "3" and table[-1][3] == "63.3"

    def test_a_council_officer_downloads_their_hromadas_scorecard_only(self, app, oblast):
        rating.take_snapshot("2025Q3")
        model.Session.commit()
        officer = officer_of(SHEPTYTSKA)
        html = page(app.get("/publishers/rating", headers=auth(officer)))  # opens on their hromada
        link = html.select_one("#scorecards a")["href"]
        assert f"hromada={SHEPTYTSKA}" in link
        assert app.get(link, headers=auth(officer)).body.count("\n") == 1 + 3
        for url in ("/publishers/rating/scorecard/2025Q3.csv",  # the whole oblast
                    f"/publishers/rating/scorecard/2025Q3.csv?hromada={LVIV}",
                    "/publishers/rating/scorecard/2025Q3.xlsx?hromada=all"):
            response = app.get(url, headers=auth(officer), status=403)
            assert "whole oblast" in response.body or "всієї області" in response.body, url
        assert not page(app.get("/publishers/rating?hromada=all", headers=auth(officer))).select("#scorecards")
        # A plain user gets none; a regional administrator every one.
        assert app.get(link, headers=auth(factories.UserWithToken()), status=403)
        admin = factories.SysadminWithToken()
        for url in ("/publishers/rating/scorecard/2025Q3.csv",
                    f"/publishers/rating/scorecard/2025Q3.csv?hromada={LVIV}"):
            assert app.get(url, headers=auth(admin)).status_code == 200


def test_the_oblast_pages_in_a_browser(oblast, live_server, browser, screenshot):
    """Look at the overview and a hromada's rating in both languages (var/screenshots/)."""
    for lang in ("", "/en"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="uk-UA")
        screenshot.page = context.new_page()
        screenshot.page.goto(live_server + lang + "/hromadas")
        assert screenshot.page.locator("#hromada-ranking tbody tr").count() == 3
        assert screenshot.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        screenshot(f"oblast-overview{lang.replace('/', '-')}")
        screenshot.page.locator(f'#hromada-ranking tr[data-code="{SHEPTYTSKA}"] a').click()
        screenshot.page.wait_for_load_state()
        assert screenshot.page.locator("#publisher-rating tbody tr").count() == 2
        screenshot.page.select_option("#hromada-select", LVIV)
        screenshot.page.locator("#hromada-filter button[type=submit]").click()
        screenshot.page.wait_for_load_state()
        assert f"hromada={LVIV}" in screenshot.page.url
        assert screenshot.page.locator("#publisher-rating tbody tr").count() == 1
        screenshot(f"oblast-rating-lviv{lang.replace('/', '-')}")
        context.close()
