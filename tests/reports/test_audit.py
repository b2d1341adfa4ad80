"""The information audit on the crafted portal: statuses and totals against hand-computed
values, assignments and who may make them, the CSV/XLSX exports, the page."""
from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

from ckanext.chervonohrad.reports import audit
from tests.reports.conftest import OTHER_HROMADA

EXECUTIVE, ENTERPRISE = 82, 51  # items of data/list835.yaml that apply to each type


def by_name(result):
    return {p["name"]: p for p in result["publishers"]}


def statuses(publisher):
    return {i["id"]: i["status"] for i in publisher["items"]}


class TestStatuses:
    def test_each_publisher_against_hand_computed_values(self, portal):
        result = call_action("chervonohrad_reports_audit")
        finance, water, archive = (by_name(result)[n] for n in ("finance", "water", "archive"))
        s = statuses(finance)
        assert s["lsg-budget"] == "published"  # public and on time
        assert s["lsg-tax-revenues"] == "overdue"  # public, not updated on time
        assert s["lsg-public-transport-stops"] == "incomplete"  # only a draft
        assert s["lsg-roll-call-votes"] == "incomplete"  # only private
        assert s["all-org-structure"] == "missing"
        assert finance["counts"] == {"applicable": EXECUTIVE, "published": 1, "overdue": 1, "incomplete": 2,
                                     "missing": EXECUTIVE - 4, "share": 2.4, "on_time_share": 1.2}
        # The budget does not apply to a communal enterprise: its budget dataset counts nowhere.
        assert "lsg-budget" not in statuses(water)
        assert water["counts"] == {"applicable": ENTERPRISE, "published": 1, "overdue": 0, "incomplete": 0,
                                   "missing": ENTERPRISE - 1, "share": 2.0, "on_time_share": 2.0}
        assert archive["counts"]["missing"] == EXECUTIVE and archive["counts"]["share"] == 0.0
        budget = next(i for i in finance["items"] if i["id"] == "lsg-budget")
        assert budget["datasets"] == [{"name": "budget", "title": "Бюджет громади", "public": True, "on_time": True}]
        assert (finance["edrpou"], water["publisher_type"]) == ("02317422", "communal_enterprise")

    def test_council_totals_and_the_tally_per_item(self, portal):
        result = call_action("chervonohrad_reports_audit")
        applicable = 2 * EXECUTIVE + ENTERPRISE
        assert result["totals"] == {"applicable": applicable, "published": 2, "overdue": 1, "incomplete": 2,
                                    "missing": applicable - 5, "share": 1.4, "on_time_share": 0.9,
                                    "publishers": 3, "past_due": 0}
        tally = {i["id"]: i for i in result["items"]}
        assert {k: tally["lsg-budget"][k] for k in ("applicable", "published", "missing")} == {
            "applicable": 2, "published": 1, "missing": 1}
        assert tally["all-org-structure"]["applicable"] == 3 and tally["all-org-structure"]["published"] == 1

    def test_filters_by_publisher_and_hromada(self, portal):
        one = call_action("chervonohrad_reports_audit", publisher="finance")
        assert [p["name"] for p in one["publishers"]] == ["finance"]
        assert one["totals"]["applicable"] == EXECUTIVE
        other = call_action("chervonohrad_reports_audit", hromada=OTHER_HROMADA)
        assert [p["name"] for p in other["publishers"]] == ["archive"]
        bare = call_action("chervonohrad_reports_audit", items=False)
        assert all("items" not in p for p in bare["publishers"])
        with pytest.raises(tk.ObjectNotFound):
            call_action("chervonohrad_reports_audit", publisher="no-such-publisher")

    def test_a_dataset_published_later_changes_the_status(self, portal):
        call_action("package_patch", context={"user": portal["coordinator"]["name"], "ignore_auth": True},
                    id=portal["votes"]["id"], private=False)
        from tests.reports.conftest import set_score
        set_score(portal["votes"], 85, True, True)
        assert statuses(by_name(call_action("chervonohrad_reports_audit"))["finance"])["lsg-roll-call-votes"] == \
            "published"

    def test_pure_statuses(self):
        applicable = [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}]
        found = {"a": {"public": True, "on_time": True}, "b": {"public": True, "on_time": False},
                 "c": {"public": False, "on_time": False}}
        assert audit.item_statuses(applicable, found) == {"a": "published", "b": "overdue", "c": "incomplete",
                                                          "d": "missing"}
        assert audit.counts([])["share"] is None


class TestAssignments:
    def test_a_regional_administrator_assigns_a_missing_item(self, portal):
        context = {"user": "oblast-coordinator"}
        saved = call_action("chervonohrad_reports_audit_assign", context=context, publisher="finance",
                            item="all-org-structure", responsible="Гнатюк О. В.", due_date="2020-01-31")
        assert (saved["responsible"], saved["due_date"], saved["updated_by"]) == (
            "Гнатюк О. В.", "2020-01-31", "oblast-coordinator")
        finance = call_action("chervonohrad_reports_audit", publisher="finance")["publishers"][0]
        item = next(i for i in finance["items"] if i["id"] == "all-org-structure")
        assert (item["responsible"], item["due_date"], item["past_due"]) == ("Гнатюк О. В.", "2020-01-31", True)
        assert finance["past_due"] == 1
        # Again: corrected, not duplicated; a due date still ahead is not past.
        later = (dt.date.today() + dt.timedelta(days=30)).isoformat()
        call_action("chervonohrad_reports_audit_assign", context=context, publisher="finance",
                    item="all-org-structure", responsible="Інша особа", due_date=later)
        finance = call_action("chervonohrad_reports_audit", publisher="finance")["publishers"][0]
        item = next(i for i in finance["items"] if i["id"] == "all-org-structure")
        assert (item["responsible"], item["past_due"], finance["past_due"]) == ("Інша особа", False, 0)
        # Empty values clear it.
        call_action("chervonohrad_reports_audit_assign", context=context, publisher="finance",
                    item="all-org-structure", responsible="", due_date="")
        finance = call_action("chervonohrad_reports_audit", publisher="finance")["publishers"][0]
        assert next(i for i in finance["items"] if i["id"] == "all-org-structure")["responsible"] == ""

    def test_bad_input_is_refused(self, portal):
        context = {"user": "oblast-coordinator"}
        with pytest.raises(tk.ValidationError) as error:
            call_action("chervonohrad_reports_audit_assign", context=context, publisher="water", item="lsg-budget",
                        responsible="x")
        assert "item" in error.value.error_dict  # does not apply to a communal enterprise
        with pytest.raises(tk.ValidationError) as error:
            call_action("chervonohrad_reports_audit_assign", context=context, publisher="finance",
                        item="no-such-item")
        assert "item" in error.value.error_dict
        with pytest.raises(tk.ValidationError) as error:
            call_action("chervonohrad_reports_audit_assign", context=context, publisher="finance",
                        item="lsg-budget", due_date="31.01.2027")
        assert "due_date" in error.value.error_dict

    def test_only_regional_administrators_assign(self, portal):
        with pytest.raises(tk.NotAuthorized):
            call_auth("chervonohrad_reports_audit_assign", {"user": portal["finance_admin"]["name"]},
                      publisher="finance")
        with pytest.raises(tk.NotAuthorized):
            call_auth("chervonohrad_reports_audit_assign", {"user": None}, publisher="finance")
        assert call_auth("chervonohrad_reports_audit_assign", {"user": factories.Sysadmin()["name"]})
        assert call_auth("chervonohrad_reports_audit", {"user": None})


class TestExports:
    def test_csv_and_xlsx_parse_and_match_the_action(self, portal, app):
        result = call_action("chervonohrad_reports_audit")
        response = app.get("/open-data/audit.csv")
        assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
        text = response.get_data(as_text=True)
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        header, body = rows[0], rows[1:]
        assert header[:3] == ["Розпорядник", "ЄДРПОУ", "Ідентифікатор пункту переліку"]
        assert len(body) == result["totals"]["applicable"]
        budget = next(r for r in body if r[0] == "Фінансове управління" and r[2] == "lsg-budget")
        assert budget[5] == "Оприлюднено" and budget[6].startswith("Бюджет громади (http") and budget[6].endswith(
            "/dataset/budget)")

        book = openpyxl.load_workbook(io.BytesIO(app.get("/open-data/audit.xlsx").data))
        assert book.sheetnames == ["Підсумки", "Пункти переліку"]
        summary = list(book["Підсумки"].iter_rows(values_only=True))
        finance = next(r for r in summary if r[0] == "Фінансове управління")
        assert finance[1:8] == ("02317422", EXECUTIVE, 1, 1, 2, EXECUTIVE - 4, 2.4)
        assert summary[-1][0] == "Усього по громаді" and summary[-1][2] == result["totals"]["applicable"]
        assert book["Пункти переліку"].max_row == len(body) + 1

    def test_english_export_and_one_publisher(self, portal, app):
        text = app.get("/en/open-data/audit.csv?publisher=water").get_data(as_text=True)
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert rows[0][0] == "Publisher" and len(rows) == ENTERPRISE + 1
        assert {r[0] for r in rows[1:]} == {"Водоканал"}
        assert next(r for r in rows if r[2] == "all-org-structure")[5] == "Published"


class TestPage:
    def test_overview_and_one_publisher(self, portal, app):
        page = app.get("/open-data/audit").get_data(as_text=True)
        assert 'id="audit-publishers"' in page and 'data-name="finance"' in page and 'data-name="archive"' in page
        page = app.get("/open-data/audit?publisher=finance").get_data(as_text=True)
        assert 'id="audit-items"' in page and page.count('data-item="') == EXECUTIVE
        assert 'data-item="lsg-budget" data-status="published"' in page
        assert 'data-item="lsg-public-transport-stops" data-status="incomplete"' in page
        assert 'class="d-flex flex-wrap gap-1 audit-assign"' not in page  # visitors cannot assign
        assert app.get("/open-data/audit?publisher=nobody").status_code == 404

    def test_an_administrator_assigns_through_the_page(self, portal, app):
        headers = {"Authorization": portal["coordinator"]["token"]}
        page = app.get("/open-data/audit?publisher=finance", headers=headers).get_data(as_text=True)
        assert "audit-assign" in page
        response = app.post("/open-data/audit/assign", headers=headers, data={
            "publisher": "finance", "item": "lsg-budget-programmes", "responsible": "Бухгалтерія",
            "due_date": "2027-03-01"}, follow_redirects=False)
        assert response.status_code == 302
        finance = call_action("chervonohrad_reports_audit", publisher="finance")["publishers"][0]
        item = next(i for i in finance["items"] if i["id"] == "lsg-budget-programmes")
        assert (item["responsible"], item["due_date"]) == ("Бухгалтерія", "2027-03-01")
        assert app.post("/open-data/audit/assign", data={"publisher": "finance", "item": "lsg-budget"},
                        follow_redirects=False).status_code in (400, 403)

    def test_a_council_officer_assigns_only_their_hromadas_items(self, portal, app):
        """The assignment form is offered per publisher: to the officers of its hromada."""
        officer = factories.UserWithToken()
        tk.get_action("chervonohrad_hromada_officer_add")(
            {"ignore_auth": True, "user": factories.Sysadmin()["name"]},
            {"hromada": OTHER_HROMADA, "user": officer["name"]})
        headers = {"Authorization": officer["token"]}
        own = app.get("/open-data/audit?publisher=archive", headers=headers).get_data(as_text=True)
        assert "audit-assign" in own
        other = app.get("/open-data/audit?publisher=finance", headers=headers).get_data(as_text=True)
        assert "audit-assign" not in other
        # The overview opens on the officer's hromada; ?hromada=all on every publisher.
        overview = app.get("/open-data/audit", headers=headers).get_data(as_text=True)
        assert 'data-name="archive"' in overview and 'data-name="finance"' not in overview
        assert f"hromada={OTHER_HROMADA}" in overview  # the downloads carry the filter
        everything = app.get("/open-data/audit?hromada=all", headers=headers).get_data(as_text=True)
        assert 'data-name="finance"' in everything and 'data-name="archive"' in everything

    def test_the_publisher_filter_offers_the_hromadas_publishers(self, portal, app):
        def offered(url: str) -> set[str]:
            page = app.get(url).get_data(as_text=True)
            select = page[page.index('id="audit-publisher"'):]
            select = select[:select.index("</select>")]
            return {name for name in ("finance", "water", "archive") if f'value="{name}"' in select}

        assert offered(f"/open-data/audit?hromada={OTHER_HROMADA}") == {"archive"}
        assert offered("/open-data/audit?publisher=archive") == {"archive"}  # a publisher's page: its hromada
        assert offered("/open-data/audit?hromada=all") == {"finance", "water", "archive"}

    def test_a_hromadas_export_is_its_publishers_only(self, portal, app):
        rows = list(csv.reader(io.StringIO(app.get(f"/open-data/audit.csv?hromada={OTHER_HROMADA}")
                                           .get_data(as_text=True).lstrip("\ufeff"))))
        assert {r[0] for r in rows[1:]} == {"Архів"}
        assert app.get("/open-data/audit.csv?hromada=UA1", status=400)
