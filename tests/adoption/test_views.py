"""The adoption report in the portal (/open-data/adoption and a publisher's page, with their
downloads) and its action: regional administrators see every publisher, a council officer
their hromada's, nobody else anything."""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.adoption.conftest import COUNCIL, FORMULA_TITLE, LVIV
from tests.hromada.officers import act, name_officer

pytestmark = pytest.mark.usefixtures("clean_redis")


def auth(user):
    return {"Authorization": user["token"]} if user else {}


@pytest.fixture
def people(stock):
    coordinator = factories.UserWithToken(name="oblast-coordinator")  # a regional administrator in test.ini
    officer = factories.UserWithToken()
    name_officer(officer, COUNCIL)
    editor = factories.UserWithToken()
    call_action("organization_member_create", context={"ignore_auth": True}, id=stock.orgs["finance"]["id"],
                username=editor["name"], role="editor")
    sysadmin = factories.SysadminWithToken()
    return {"coordinator": coordinator, "officer": officer, "editor": editor, "sysadmin": sysadmin}


def csv_rows(body: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))


class TestPages:
    def test_regional_admin_sees_every_publisher_and_filters_by_hromada(self, app, people):
        page = app.get("/open-data/adoption?hromada=all", headers=auth(people["coordinator"]))
        for name in ("osvita", "zhkh", "finance"):
            assert f'data-publisher="{name}"' in page.body
        page = app.get(f"/open-data/adoption?hromada={COUNCIL}", headers=auth(people["coordinator"]))
        assert 'data-publisher="finance"' in page.body and 'data-publisher="osvita"' not in page.body

    def test_council_officer_sees_their_hromada_only(self, app, people):
        officer = auth(people["officer"])
        for url in ("/open-data/adoption", "/open-data/adoption?hromada=all"):
            page = app.get(url, headers=officer)
            assert 'data-publisher="finance"' in page.body and 'data-publisher="osvita"' not in page.body
        app.get(f"/open-data/adoption?hromada={LVIV}", headers=officer, status=403)
        app.get("/open-data/adoption/finance", headers=officer, status=200)
        app.get("/open-data/adoption/osvita", headers=officer, status=403)
        app.get("/open-data/adoption/osvita.csv", headers=officer, status=403)

    def test_a_publishers_editor_and_a_visitor_are_refused(self, app, people):
        for user in (people["editor"], None):
            for url in ("/open-data/adoption", "/open-data/adoption/finance", "/open-data/adoption.csv",
                        "/open-data/adoption/finance.xlsx"):
                app.get(url, headers=auth(user), status=403)

    def test_a_publishers_page_lists_its_datasets_with_findings(self, app, people):
        page = app.get("/open-data/adoption/osvita", headers=auth(people["sysadmin"]))
        for name in ("schools", "teachers", "canteens"):
            assert f'data-dataset="{name}"' in page.body
        assert "closed-schools" not in page.body and "harvest-source" not in page.body
        assert "once a year" in page.body and 'data-field="license_id"' in page.body
        assert "HYPERLINK(&#34;http" in page.body  # the title, escaped

    def test_findings_name_fields_as_the_forms_label_them(self, app, people):
        page = app.get("/open-data/adoption/osvita", headers=auth(people["sysadmin"]))
        assert '<span title="license_id">Ліцензія</span>' in page.body
        assert '<span title="update_frequency">Періодичність оновлення</span>' in page.body
        publishers = app.get("/en/open-data/adoption", headers=auth(people["sysadmin"]))
        assert '<span title="edrpou">EDRPOU code</span>' in publishers.body

    def test_private_datasets_are_named_only_to_whom_may_read_them(self, app, people):
        page = app.get("/open-data/adoption/osvita", headers=auth(people["coordinator"]))
        assert 'data-dataset="schools"' in page.body and 'data-dataset="teachers"' not in page.body
        assert page.body.count('data-dataset=""') == 2  # the private and the draft dataset, findings kept

    def test_unknown_publisher_and_bad_hromada(self, app, people):
        app.get("/open-data/adoption/nobody", headers=auth(people["coordinator"]), status=404)
        app.get("/open-data/adoption?hromada=UA1", headers=auth(people["coordinator"]), status=400)


class TestDownloads:
    def test_a_publishers_csv_holds_its_and_its_datasets_rows_neutralised(self, app, people):
        response = app.get("/en/open-data/adoption/osvita.csv", headers=auth(people["sysadmin"]))
        assert response.headers["Content-Disposition"] == 'attachment; filename="adoption-osvita.csv"'
        rows = csv_rows(response.body)
        assert {r["Dataset (name)"] for r in rows} == {"", "schools", "teachers", "canteens"}
        assert {r["Dataset"] for r in rows if r["Dataset (name)"] == "schools"} == {"'" + FORMULA_TITLE}
        frequency = [r for r in rows if r["Dataset (name)"] == "schools" and r["Field"] == "update_frequency"]
        assert [(r["Stored value"], r["New value"], r["Status"]) for r in frequency] == [
            ("annually", "once a year", "Can be fixed mechanically")]

    def test_the_publishers_list_downloads(self, app, people):
        response = app.get(f"/open-data/adoption.xlsx?hromada={COUNCIL}", headers=auth(people["coordinator"]))
        book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
        assert [row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)] == ["finance"]
        rows = csv_rows(app.get("/open-data/adoption.csv", headers=auth(people["coordinator"])).body)
        assert {"osvita", "zhkh"} <= {r["Розпорядник (ідентифікатор)"] for r in rows}


class TestAction:
    def test_pages_of_publishers_and_of_datasets(self, people):
        coordinator = people["coordinator"]
        first = act("chervonohrad_adoption_report", coordinator, limit=2)
        second = act("chervonohrad_adoption_report", coordinator, limit=2, offset=2)
        assert first["total"] == 3 and len(first["publishers"]) == 2 and len(second["publishers"]) == 1
        osvita = next(p for p in first["publishers"] + second["publishers"] if p["name"] == "osvita")
        assert osvita["datasets"] == 3 and osvita["person"] == 3
        detail = act("chervonohrad_adoption_report", coordinator, publisher="osvita", limit=1)
        assert detail["total"] == 3 and len(detail["datasets"]) == 1

    def test_refuses_bad_input_and_strangers(self, people):
        with pytest.raises(tk.ValidationError):
            act("chervonohrad_adoption_report", people["coordinator"], limit=5000)
        with pytest.raises(tk.ValidationError):
            act("chervonohrad_adoption_report", people["coordinator"], hromada="UA1")
        for user in (people["editor"], None):
            with pytest.raises(tk.NotAuthorized):
                act("chervonohrad_adoption_report", user)
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_adoption_report", people["officer"], publisher="osvita")
