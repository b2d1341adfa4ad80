"""The information audit names a publisher's drafts and private datasets only to those whom
package_show lets read them (the publisher's members, sysadmins); everyone else — visitors,
other publishers' editors, regional administrators and council officers who are not members
— sees how many there are. Through the API action, the page and the CSV/XLSX exports; the
register's own dataset likewise."""
from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.feedback.model import Suggestion
from ckanext.chervonohrad.reports import audit
from tests.factories import PassportDataset, Publisher
from tests.hromada.officers import SHEPTYTSKA, name_officer

pytestmark = pytest.mark.usefixtures("clean_redis")

PUBLIC = "Бюджет громади"
SECRETS = {"secret-draft": "Чернетка: зарплати посадовців", "secret-private": "Приватний: список боржників",
           "secret-budget": "Приватний кошторис"}
HIDDEN_CELL = "чернеток чи приватних наборів: 1"


@pytest.fixture
def world(clean_db, clean_index):
    people = {
        "sysadmin": factories.SysadminWithToken(),
        "editor": factories.UserWithToken(),
        "member": factories.UserWithToken(),
        "other_editor": factories.UserWithToken(),
        "coordinator": factories.UserWithToken(name="oblast-coordinator"),  # a regional administrator (test.ini)
        "officer": factories.UserWithToken(),
    }
    finance = Publisher(name="finance", title="Фінансове управління", hromada=SHEPTYTSKA, users=[
        {"name": people["editor"]["name"], "capacity": "editor"},
        {"name": people["member"]["name"], "capacity": "member"}])
    Publisher(name="transport", title="Відділ транспорту", hromada=SHEPTYTSKA, edrpou="44106679",
              users=[{"name": people["other_editor"]["name"], "capacity": "editor"}])
    name_officer(people["officer"], SHEPTYTSKA)
    PassportDataset(name="budget", title=PUBLIC, owner_org=finance["id"], list835_item="lsg-budget")
    PassportDataset(name="secret-budget", title=SECRETS["secret-budget"], owner_org=finance["id"], private=True,
                    list835_item="lsg-budget")
    PassportDataset(name="secret-draft", title=SECRETS["secret-draft"], owner_org=finance["id"], state="draft",
                    list835_item="lsg-public-transport-stops")
    PassportDataset(name="secret-private", title=SECRETS["secret-private"], owner_org=finance["id"], private=True,
                    list835_item="lsg-roll-call-votes")
    return people


SEE_COUNTS = ("anonymous", "other_editor", "coordinator", "officer")
SEE_TITLES = ("editor", "member", "sysadmin")


def headers(world, who):
    return {} if who == "anonymous" else {"Authorization": world[who]["token"]}


def items(result) -> dict[str, dict]:
    finance = next(p for p in result["publishers"] if p["name"] == "finance")
    return {i["id"]: i for i in finance["items"]}


def api_audit(app, world, who, **params):
    response = app.get("/api/3/action/chervonohrad_reports_audit", params=params, headers=headers(world, who))
    return response.json["result"]


def assert_no_secret(text_: str) -> None:
    for name, title in SECRETS.items():
        assert title not in text_ and f"/dataset/{name}" not in text_, name


@pytest.mark.parametrize("who", SEE_COUNTS)
def test_who_may_not_read_them_sees_counts(app, world, who):
    found = items(api_audit(app, world, who, publisher="finance"))
    # The statuses are everyone's: only drafts or private datasets fulfil these items.
    assert found["lsg-public-transport-stops"]["status"] == found["lsg-roll-call-votes"]["status"] == "incomplete"
    for key in ("lsg-public-transport-stops", "lsg-roll-call-votes"):
        assert (found[key]["datasets"], found[key]["hidden"]) == ([], 1)
    assert [d["title"] for d in found["lsg-budget"]["datasets"]] == [PUBLIC] and found["lsg-budget"]["hidden"] == 1
    whole = api_audit(app, world, who)  # every publisher, items listed
    assert_no_secret(str(whole))

    page = app.get("/open-data/audit?publisher=finance", headers=headers(world, who)).body
    assert_no_secret(page)
    html = BeautifulSoup(page, "html.parser")
    hidden = html.select_one('tr[data-item="lsg-roll-call-votes"] .audit-hidden')
    assert hidden["data-hidden"] == "1" and hidden.get_text(strip=True) == "Чернеток чи приватних наборів: 1"
    assert PUBLIC in html.select_one('tr[data-item="lsg-budget"]').get_text()

    for url in ("/open-data/audit.csv?publisher=finance", "/open-data/audit.csv"):
        body = app.get(url, headers=headers(world, who)).body
        assert_no_secret(body)
        assert HIDDEN_CELL in body
    book = load_workbook(io.BytesIO(app.get("/open-data/audit.xlsx", headers=headers(world, who)).get_data()))
    cells = " ".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
    assert_no_secret(cells)
    assert HIDDEN_CELL in cells


@pytest.mark.parametrize("who", SEE_TITLES)
def test_who_may_read_them_sees_their_titles(app, world, who):
    found = items(api_audit(app, world, who, publisher="finance"))
    assert [d["title"] for d in found["lsg-roll-call-votes"]["datasets"]] == [SECRETS["secret-private"]]
    assert [d["title"] for d in found["lsg-public-transport-stops"]["datasets"]] == [SECRETS["secret-draft"]]
    assert [d["title"] for d in found["lsg-budget"]["datasets"]] == [PUBLIC, SECRETS["secret-budget"]]
    assert all(i["hidden"] == 0 for i in found.values())
    assert "id" not in found["lsg-budget"]["datasets"][0]  # the API keeps its shape

    page = app.get("/open-data/audit?publisher=finance", headers=headers(world, who)).body
    for name, title in SECRETS.items():
        assert title in page and f"/dataset/{name}" in page
    body = app.get("/open-data/audit.csv", headers=headers(world, who)).body
    assert all(title in body for title in SECRETS.values()) and HIDDEN_CELL not in body
    book = load_workbook(io.BytesIO(app.get("/open-data/audit.xlsx?publisher=finance",
                                            headers=headers(world, who)).get_data()))
    cells = " ".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
    assert all(title in cells for title in SECRETS.values())


@pytest.mark.parametrize("who", ("coordinator", "officer", "other_editor"))
def test_the_rule_is_package_shows(app, world, who):
    """Those who see counts could not open the datasets either."""
    for name in SECRETS:
        app.get(f"/dataset/{name}", headers=headers(world, who), status=404)
    app.get("/dataset/secret-private", headers=headers(world, "editor"), status=200)


def test_server_side_callers_that_skip_auth_read_everything(world):
    result = call_action("chervonohrad_reports_audit", context={"ignore_auth": True}, publisher="finance")
    assert items(result)["lsg-roll-call-votes"]["datasets"][0]["title"] == SECRETS["secret-private"]


def test_a_deleted_members_account_reads_nothing_private(world):
    ids = {model.Package.get(name).id for name in SECRETS}
    assert audit.readable(world["member"]["name"], ids) == ids
    call_action("user_delete", id=world["member"]["id"])
    assert audit.readable(world["member"]["name"], ids) == set()
    assert audit.readable(None, ids) == set() and audit.readable("nobody-at-all", ids) == set()


def test_old_datasets_without_a_private_flag_are_public_as_package_show_says(app, world):
    """Rows from before the flag was filled in (private NULL) are public to CKAN: their title
    is shown to everyone, as their page is."""
    package = model.Package.get("secret-private")
    package.private = None
    model.Session.commit()
    app.get("/dataset/secret-private", status=200)
    found = items(api_audit(app, world, "anonymous", publisher="finance"))
    assert [d["title"] for d in found["lsg-roll-call-votes"]["datasets"]] == [SECRETS["secret-private"]]


def test_a_private_register_dataset_is_not_named(app, world):
    call_action("chervonohrad_reports_register_publish", context={"user": world["sysadmin"]["name"]},
                publisher="finance")
    register = call_action("chervonohrad_reports_register", publisher="finance")["dataset"]
    call_action("package_patch", context={"user": world["sysadmin"]["name"]}, id=register, private=True)
    for who in SEE_COUNTS:
        assert f"/dataset/{register}" not in app.get("/open-data/audit?publisher=finance",
                                                      headers=headers(world, who)).body
        assert f"/dataset/{register}" not in app.get("/open-data/audit", headers=headers(world, who)).body
        response = app.get("/api/3/action/chervonohrad_reports_register", params={"publisher": "finance"},
                           headers=headers(world, who))
        assert response.json["result"]["dataset"] is None
    for who in SEE_TITLES:
        assert f"/dataset/{register}" in app.get("/open-data/audit?publisher=finance",
                                                  headers=headers(world, who)).body
        response = app.get("/api/3/action/chervonohrad_reports_register", params={"publisher": "finance"},
                           headers=headers(world, who))
        assert response.json["result"]["dataset"] == register


def test_the_dashboard_does_not_name_a_private_dataset_a_suggestion_led_to(app, world):
    model.Session.add(Suggestion(title="Боржники", description="…", reason="…", status="published",
                                 package_id=model.Package.get("secret-private").id))
    model.Session.commit()
    for who in ("anonymous", "editor"):
        response = app.get("/api/3/action/chervonohrad_reports_dashboard", headers=headers(world, who))
        suggestion = next(s for s in response.json["result"]["suggestions"] if s["title"] == "Боржники")
        assert suggestion["dataset"] is None
        assert "/dataset/secret-private" not in app.get("/open-data/dashboard?hromada=all",
                                                        headers=headers(world, who)).body
