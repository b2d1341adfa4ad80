"""A form posted with a logged-in user's session cookie needs its CSRF token, even after a
visitor who is not logged in has posted to the same view (CKAN 2.12.0 then exempts the view
for good: common/csrf.py). Over real HTTP (the test client skips CSRF), with a real login."""
from __future__ import annotations

import pytest
import requests
from bs4 import BeautifulSoup

from ckan import model
from ckan.tests import factories

from tests.factories import PassportDataset, Publisher

PASSWORD = "Pa55-word-for-tests"


@pytest.fixture
def dataset(clean_db, clean_index):
    user = factories.User(name="finance-editor", password=PASSWORD, email="finance-editor@sheptytskyi.example")
    org = Publisher(name="finance", users=[{"name": user["name"], "capacity": "editor"}])
    return PassportDataset(name="biudzhet-2026", title="Бюджет 2026", owner_org=org["id"])


def _token(session: requests.Session, url: str) -> str:
    return BeautifulSoup(session.get(url).text, "html.parser").select_one("input[name=_csrf_token]")["value"]


def _logged_in(base: str) -> requests.Session:
    session = requests.Session()
    response = session.post(f"{base}/user/login", allow_redirects=False, data={
        "login": "finance-editor", "password": PASSWORD, "_csrf_token": _token(session, f"{base}/user/login")})
    assert response.status_code == 302, response.text[:500]
    return session


def _title() -> str:
    model.Session.expire_all()
    return model.Package.get("biudzhet-2026").title


def test_a_visitors_post_does_not_open_the_view_to_forged_posts(live_server, dataset):
    url = f"{live_server}/dataset/edit/biudzhet-2026"
    requests.post(url, data={"title": "Відвідувач"}, allow_redirects=False)  # a visitor: refused anyway
    editor = _logged_in(live_server)
    form = {"title": "Підроблено", "name": "biudzhet-2026", "save": ""}
    forged = editor.post(url, data=form, allow_redirects=False)  # what another site's page would send
    assert forged.status_code == 400
    assert _title() == "Бюджет 2026"


def test_the_editors_own_form_still_saves(live_server, dataset):
    editor = _logged_in(live_server)
    url = f"{live_server}/dataset/edit/biudzhet-2026"
    page = BeautifulSoup(editor.get(url).text, "html.parser")
    form = {field["name"]: field.get("value", "") for field in page.select("#dataset-edit input[name]")
            if field.get("type") not in ("checkbox", "radio", "submit", "file")}
    form.update({select["name"]: (select.select_one("option[selected]") or {"value": ""}).get("value", "")
                 for select in page.select("#dataset-edit select[name]")})
    form.update({area["name"]: area.get_text() for area in page.select("#dataset-edit textarea[name]")})
    form.update({"title": "Бюджет громади 2026", "save": ""})
    saved = editor.post(url, data=form, allow_redirects=False)
    assert saved.status_code == 302, saved.text[:2000]
    assert _title() == "Бюджет громади 2026"


def test_api_calls_with_a_token_need_no_csrf_token(live_server, dataset):
    token = factories.APIToken(user="finance-editor")["token"]
    answer = requests.post(f"{live_server}/api/3/action/package_patch", headers={"Authorization": token},
                           json={"id": "biudzhet-2026", "notes": "Через API"})
    assert answer.status_code == 200, answer.text[:500]
