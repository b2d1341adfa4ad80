"""The "remember me" cookie is SameSite=Lax (config/common.ini), and a JSONP answer
(`?callback=`, readable by any site's <script>) never carries what only the logged-in
user may see: the request is answered as an anonymous visitor's. A real login with a
password, the cookies it sets, real datasets in PostgreSQL and Solr."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from ckan.tests import factories

from tests.factories import PassportDataset, Publisher

PASSWORD = "Pa55-word-for-tests"


@pytest.fixture
def editor(clean_db, clean_index):
    user = factories.User(name="finance-editor", password=PASSWORD, email="finance-editor@sheptytskyi.example")
    org = Publisher(name="finance", users=[{"name": user["name"], "capacity": "editor"}])
    PassportDataset(name="private-salaries", title="Зарплати (чернетка)", owner_org=org["id"], private=True)
    return user


def logged_in(app, remember: bool = False):
    client = app.test_client()
    page = BeautifulSoup(client.get("/user/login").body, "html.parser")
    form = {"login": "finance-editor", "password": PASSWORD,
            "_csrf_token": page.select_one("input[name=_csrf_token]")["value"]}
    if remember:
        form["remember"] = "1209600000"  # what CKAN's login form posts: two weeks, in milliseconds
    response = client.post("/user/login", data=form, follow_redirects=False)
    assert response.status_code == 302, response.body
    return client, response


class TestRememberMeCookie:
    def test_is_same_site_lax(self, app, editor):
        _client, response = logged_in(app, remember=True)
        cookies = response.headers.getlist("Set-Cookie")
        remember = [c for c in cookies if c.startswith("remember_token=")]
        assert remember, cookies
        assert "SameSite=Lax" in remember[0]
        assert "HttpOnly" in remember[0]

    def test_the_session_cookie_is_too(self, app, editor):
        _client, response = logged_in(app)
        session = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("ckan=")]
        assert session and "SameSite=Lax" in session[0]


class TestJsonp:
    def test_the_cookie_shows_the_private_dataset_without_a_callback(self, app, editor):
        client, _ = logged_in(app)
        shown = client.get("/api/3/action/package_show?id=private-salaries")
        assert shown.status_code == 200 and shown.json["result"]["title"] == "Зарплати (чернетка)"

    def test_package_show_with_a_callback_is_answered_as_anonymous(self, app, editor):
        client, _ = logged_in(app)
        response = client.get("/api/3/action/package_show?id=private-salaries&callback=steal")
        assert response.status_code == 403
        assert "Зарплати" not in response.body and not response.body.startswith("steal(")

    def test_package_search_with_a_callback_lists_no_private_dataset(self, app, editor):
        client, _ = logged_in(app)
        response = client.get("/api/3/action/package_search?include_private=true&callback=steal")
        assert response.status_code == 200 and response.body.startswith("steal(")
        assert "private-salaries" not in response.body
        # Without the callback the same cookie does list it: the callback is what made it public.
        assert "private-salaries" in client.get("/api/3/action/package_search?include_private=true").body

    def test_the_util_autocompletes_answer_as_anonymous(self, app, editor):
        # CKAN answers these views with the logged-in user's rights, callback or not.
        client, _ = logged_in(app)
        assert "finance-editor" in client.get("/api/2/util/user/autocomplete?q=finance").body
        response = client.get("/api/2/util/user/autocomplete?q=finance&callback=steal")
        assert response.status_code == 403  # anonymous visitors may not list users here
        assert "finance-editor" not in response.body
        assert "sheptytskyi.example" not in response.body

    def test_the_user_stays_logged_in_after_a_jsonp_request(self, app, editor):
        client, _ = logged_in(app)
        client.get("/api/2/util/user/autocomplete?q=finance&callback=steal")
        assert client.get("/api/3/action/package_show?id=private-salaries").status_code == 200
