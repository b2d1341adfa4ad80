"""Use cases on the pages: the list, the form, a use case's page with the decision, and the
dataset page's «use cases of these data», in Ukrainian and English."""
from __future__ import annotations

from bs4 import BeautifulSoup

from ckan.tests.helpers import call_action

from tests.showcase.conftest import propose


def auth(user):
    return {"Authorization": user["token"]}


def approve(world, name="bot-rozklad"):
    call_action("chervonohrad_showcase_decide", context={"user": world.coordinator["name"]},
                id=name, decision="approve")


def test_the_list_shows_approved_use_cases_only(app, world):
    propose(world)
    propose(world, name="inshyi", title="Інший застосунок")
    approve(world)
    page = app.get("/showcase/")
    assert page.status_code == 200
    assert "Чат-бот «Де мій автобус?»" in page.body and "Інший застосунок" not in page.body
    assert "Застосування даних" in page.body
    english = app.get("/en/showcase/")
    assert "Use cases" in english.body and "Чат-бот «Де мій автобус?»" in english.body


def test_a_use_case_page_links_its_datasets_and_hides_a_private_one(app, world):
    propose(world)
    approve(world)
    call_action("package_patch", context={"user": world.sysadmin["name"]}, id="marshruty", private=True)
    soup = BeautifulSoup(app.get("/showcase/bot-rozklad").body, "html.parser")
    used = soup.select_one("#showcase-datasets")
    assert used.find("a", string="Зупинки громадського транспорту")["href"].endswith("/dataset/zupynky")
    assert "Маршрути" not in used.text
    assert "Чат-бот" in soup.select_one("#showcase-summary").text
    assert soup.select_one("#passport") is None and soup.select_one("#showcase-decision") is None


def test_the_dataset_page_lists_its_use_cases(app, world):
    propose(world)
    page = app.get("/dataset/zupynky")
    assert "Застосування цих даних" in page.body and "Чат-бот «Де мій автобус?»" not in page.body
    approve(world)
    soup = BeautifulSoup(app.get("/dataset/zupynky").body, "html.parser")
    listed = soup.select_one("#dataset-showcases")
    assert listed.find("a", string="Чат-бот «Де мій автобус?»")["href"].endswith("/showcase/bot-rozklad")


def test_a_proposal_page_is_closed_to_others_and_open_to_deciders(app, world):
    propose(world)
    assert app.get("/showcase/bot-rozklad").status_code == 404  # CKAN tells no visitor it exists
    page = app.get("/showcase/bot-rozklad", headers=auth(world.transport_admin))
    soup = BeautifulSoup(page.body, "html.parser")
    assert soup.select_one("#showcase-status").text.strip() == "пропозиція"
    assert soup.select_one("#showcase-decision button[value=approve]") is not None
    author_view = BeautifulSoup(app.get("/showcase/bot-rozklad", headers=auth(world.citizen)).body, "html.parser")
    assert author_view.select_one("#showcase-decision") is None


def test_deciding_on_the_page(app, world):
    propose(world)
    refused = app.post("/showcase/bot-rozklad/decision", data={"decision": "approve"},
                       headers=auth(world.neighbour))
    assert refused.status_code == 403
    bad = app.post("/showcase/bot-rozklad/decision", data={"decision": "publish"}, headers=auth(world.coordinator))
    assert bad.status_code == 400 and "Рішення" in bad.body
    missing = app.post("/showcase/nemaie/decision", data={"decision": "approve"}, headers=auth(world.coordinator))
    assert missing.status_code == 404
    done = app.post("/showcase/bot-rozklad/decision", data={"decision": "approve"}, headers=auth(world.coordinator))
    assert done.status_code == 200
    assert call_action("package_show", id="bot-rozklad")["showcase_status"] == "approved"


def test_the_form_is_for_those_logged_in(app, world):
    page = app.get("/showcase/new", headers=auth(world.citizen))
    assert page.status_code == 200
    soup = BeautifulSoup(page.body, "html.parser")
    for field in ("title", "notes", "showcase_kind", "author", "url", "showcase_datasets", "hromada"):
        control = soup.select_one(f"#field-{field}")
        assert control is not None, field
        assert soup.select_one(f"label[for=field-{field}]") is not None, field
    for hidden in ("showcase_status", "owner_org", "private"):
        assert soup.select_one(f"[name={hidden}]") is None, hidden
    assert app.get("/showcase/new").status_code in (302, 403)


def test_a_refused_form_names_the_field_in_ukrainian(app, world):
    page = app.post("/showcase/new", headers=auth(world.citizen), data={
        "name": "bot", "title": "Бот", "notes": "Опис", "showcase_kind": "chat_bot", "author": "Я",
        "url": "javascript:alert(1)", "showcase_datasets": "nemaie", "save": ""})
    assert page.status_code == 200  # CKAN's form answers with the errors
    assert "Адреса застосування" in page.body and "«nemaie» is not" not in page.body
    assert call_action("package_search", fq="+dataset_type:showcase", include_private=True)["count"] == 0
