"""The materials over HTTP: the API with a multipart upload, the download's headers, the
list page (grouped, filtered, escaped, in Ukrainian and English), and the add, edit and
delete pages: refused to everyone but regional administrators, 400 naming the field, 404."""
from __future__ import annotations

import io
import os
import re

import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.materials.model import Material
from tests.materials.conftest import PDF, act, file_material, link_material, stored_files, stored_path


def auth(user):
    return {"Authorization": user["token"]}


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.body, "html.parser")


API = "/api/3/action/"
FORM = {"title": "Памʼятка розпорядникам", "topic": "publishing_835", "audience": "responsible_persons",
        "source": "Львівська ОВА", "position": "3", "description": "Коротко про обовʼязки."}


class TestApi:
    def test_multipart_upload_creates_a_file_material(self, app, people):
        response = app.post(API + "chervonohrad_materials_create", headers=auth(people.coordinator), data=dict(
            FORM, upload=(io.BytesIO(PDF), "Памʼятка.pdf")))
        made = response.json["result"]
        assert made["kind"] == "file" and made["file_original_name"] == "Памʼятка.pdf"
        with open(stored_path(made["id"]), "rb") as f:
            assert f.read() == PDF

    @pytest.mark.parametrize("who", ["org_admin", "officer", "citizen"])
    def test_others_get_a_403(self, app, people, who):
        before = stored_files()
        app.post(API + "chervonohrad_materials_create", headers=auth(getattr(people, who)), status=403,
                 data=dict(FORM, upload=(io.BytesIO(PDF), "x.pdf")))
        assert model.Session.query(Material).count() == 0 and stored_files() == before

    def test_a_visitor_gets_a_403(self, app, people):
        app.post(API + "chervonohrad_materials_create", json=link_material(), status=403)

    def test_bad_input_is_a_409_naming_the_field(self, app, people):
        response = app.post(API + "chervonohrad_materials_create", headers=auth(people.coordinator), status=409,
                            data=dict(FORM, upload=(io.BytesIO(b"<html>"), "page.html")))
        assert list(response.json["error"]) == ["upload", "__type"]

    def test_list_and_show_are_public(self, app, people):
        made = act("chervonohrad_materials_create", people.coordinator, **link_material())
        listed = app.get(API + "chervonohrad_materials_list?topic=passport").json["result"]
        assert [m["id"] for m in listed["results"]] == [made["id"]]
        assert app.get(API + f"chervonohrad_materials_show?id={made['id']}").json["result"]["title"] == made["title"]
        assert app.get(API + "chervonohrad_materials_list?topic=nonsense", status=409).json["error"]["topic"]


class TestDownload:
    def test_headers(self, app, people):
        made = act("chervonohrad_materials_create", people.coordinator, **file_material())
        response = app.get(f"/materials/{made['id']}/file")
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment;")
        # RFC 5987: the Ukrainian name percent-encoded in UTF-8, beside an ASCII fallback.
        assert "filename*=UTF-8''%D0%9C%D0%B5%D1%82%D0%BE%D0%B4%D0%B8%D1%87%D0%BA%D0%B0" in disposition
        assert response.data == PDF

    def test_the_type_comes_from_the_extension_not_the_content(self, app, people):
        html = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
        made = act("chervonohrad_materials_create", people.coordinator,
                   **file_material(upload=FileStorage(stream=io.BytesIO(html), filename="report.pdf",
                                                      content_type="text/html")))
        response = app.get(f"/materials/{made['id']}/file")
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Disposition"].startswith("attachment;")

    @pytest.mark.parametrize("name, mime", [("table.csv", "text/csv"), ("archive.zip", "application/zip"),
                                            ("text.odt", "application/vnd.oasis.opendocument.text")])
    def test_types_of_the_whitelist(self, app, people, name, mime):
        made = act("chervonohrad_materials_create", people.coordinator,
                   **file_material(upload=FileStorage(stream=io.BytesIO(b"a,b\n"), filename=name)))
        assert app.get(f"/materials/{made['id']}/file").headers["Content-Type"].split(";")[0] == mime

    def test_unknown_and_link_materials_have_no_file(self, app, people):
        link = act("chervonohrad_materials_create", people.coordinator, **link_material())
        app.get("/materials/no-such-id/file", status=404)
        app.get(f"/materials/{link['id']}/file", status=404)


class TestListPage:
    def test_grouped_by_topic_with_links_source_and_audience(self, app, people):
        act("chervonohrad_materials_create", people.coordinator, **link_material())
        made = act("chervonohrad_materials_create", people.coordinator, **file_material())
        page = soup(app.get("/materials"))
        topics = [s["data-topic"] for s in page.select("section.materials-topic")]
        assert topics == ["publishing_835", "passport"]
        link = page.select_one("#topic-passport li.material a.material-title")
        assert link["href"] == "https://data.gov.ua/pages/835-rec-index"
        assert page.select_one("#topic-passport .material-source").get_text(strip=True).endswith("data.gov.ua")
        download = page.select_one(f"li[data-id='{made['id']}'] a.material-title")
        assert download["href"] == f"/materials/{made['id']}/file"
        assert page.select_one("#material-add") is None and page.select_one(".material-edit") is None

    def test_the_filter_form_is_labelled_and_filters(self, app, people):
        act("chervonohrad_materials_create", people.coordinator, **link_material())
        act("chervonohrad_materials_create", people.coordinator,
            **link_material(title="Для розробників", audience="data_users", url="https://data.gov.ua/api"))
        page = soup(app.get("/materials?audience=data_users"))
        form = page.select_one("form#materials-filter")
        assert form["method"] == "get"
        for name in ("audience", "topic"):
            field = form.select_one(f"select[name={name}]")
            assert page.select_one(f"label[for={field['id']}]") is not None
        assert [a.get_text(strip=True) for a in page.select("a.material-title")] == ["Для розробників"]
        assert form.select_one("select[name=audience] option[selected]")["value"] == "data_users"

    def test_a_bad_filter_is_a_400(self, app, people):
        app.get("/materials?topic=<script>", status=400)

    def test_user_text_is_escaped_and_unsafe_links_are_not_linked(self, app, people):
        act("chervonohrad_materials_create", people.coordinator,
            **link_material(title="<script>alert(1)</script>", description="<img src=x onerror=alert(1)>",
                            source="<b>жирний</b>"))
        # A link stored before the rules refused it (straight into the table) is shown unlinked.
        model.Session.add(Material(title="Старе посилання", url="javascript:alert(2)", topic="formats",
                                   audience="everyone"))
        model.Session.commit()
        body = app.get("/materials").body
        assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert "<img src=x" not in body and "<b>жирний</b>" not in body
        assert "javascript:alert(2)" not in body
        assert soup(app.get("/materials")).select_one("#topic-formats span.material-title").get_text() == \
            "Старе посилання"

    def test_regional_administrators_see_the_add_edit_and_delete_links(self, app, people):
        act("chervonohrad_materials_create", people.coordinator, **link_material())
        page = soup(app.get("/materials", headers=auth(people.coordinator)))
        assert page.select_one("#material-add")["href"] == "/materials/new"
        assert page.select_one(".material-edit") is not None and page.select_one(".material-delete") is not None

    def test_english_page(self, app, people):
        act("chervonohrad_materials_create", people.coordinator, **link_material())
        page = soup(app.get("/en/materials"))
        assert page.select_one("html")["lang"] == "en"
        assert page.select_one("h1").get_text(strip=True) == "Methodological materials"
        assert page.select_one("#topic-passport h2").get_text(strip=True) == "Dataset passport and metadata"
        assert "Responsible persons for open data" in page.get_text()

    def test_ukrainian_page(self, app, people):
        """The Ukrainian page: the room's labels come through the catalogue (uk is the default
        locale, at /), and CKAN's own Ukrainian frame around them."""
        act("chervonohrad_materials_create", people.coordinator, **link_material())
        page = soup(app.get("/materials"))
        assert page.select_one("html")["lang"] == "uk"
        with app.flask_app.test_request_context("/", environ_overrides={"CKAN_LANG": "uk"}):
            heading, topic, audience = (tk._(s) for s in ("Methodological materials", "Dataset passport and metadata",
                                                            "Responsible persons for open data"))
        assert page.select_one("h1").get_text(strip=True) == heading
        assert page.select_one("#topic-passport h2").get_text(strip=True) == topic
        assert audience in page.get_text()
        assert page.select_one("label[for=filter-audience]") is not None

    def test_the_labels_are_ukrainian(self, app, people):
        act("chervonohrad_materials_create", people.coordinator, **link_material())
        text = soup(app.get("/materials")).get_text()
        assert "Методичні матеріали" in text and "Паспорт набору даних і метадані" in text
        assert "Відповідальні особи з питань відкритих даних" in text


class TestForms:
    @pytest.mark.parametrize("who", [None, "citizen", "org_admin", "officer"])
    def test_others_are_refused_every_form(self, app, people, who):
        made = act("chervonohrad_materials_create", people.coordinator, **file_material())
        headers = auth(getattr(people, who)) if who else {}
        for url in ("/materials/new", f"/materials/{made['id']}/edit", f"/materials/{made['id']}/delete"):
            app.get(url, headers=headers, status=403)
            app.post(url, headers=headers, data=dict(FORM, url="https://data.gov.ua/x"), status=403)
        model.Session.expire_all()
        assert model.Session.query(Material).count() == 1 and os.path.exists(stored_path(made["id"]))

    def test_unknown_ids_are_a_404(self, app, people):
        for url in ("/materials/no-such/edit", "/materials/no-such/delete"):
            app.get(url, headers=auth(people.coordinator), status=404)
            app.post(url, headers=auth(people.coordinator), data=FORM, status=404)

    def test_the_add_form_is_labelled(self, app, people):
        page = soup(app.get("/materials/new", headers=auth(people.coordinator)))
        form = page.select_one("form#material-form")
        assert form["enctype"] == "multipart/form-data"
        assert form.select_one("input[name=_csrf_token]") is not None
        for name in ("title", "description", "url", "upload", "audience", "topic", "source", "position"):
            field = form.select_one(f"[name={name}]")
            assert page.select_one(f"label[for={field['id']}]") is not None, name

    def test_add_with_a_file(self, app, people):
        response = app.post("/materials/new", headers=auth(people.coordinator), follow_redirects=False,
                            data=dict(FORM, upload=(io.BytesIO(PDF), "Памʼятка.pdf")))
        assert response.status_code == 302 and response.headers["Location"].endswith("/materials")
        stored = model.Session.query(Material).one()
        assert (stored.title, stored.file_original_name, stored.position) == ("Памʼятка розпорядникам",
                                                                              "Памʼятка.pdf", 3)

    def test_add_with_a_link(self, app, people):
        app.post("/materials/new", headers=auth(people.coordinator), data=dict(FORM, url="https://data.gov.ua/"))
        assert model.Session.query(Material).one().url == "https://data.gov.ua/"

    @pytest.mark.parametrize("posted, field", [
        ({"title": ""}, "title"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"topic": "astrology"}, "topic"),
        ({"upload": (io.BytesIO(b"MZ"), "tool.exe")}, "upload"),
        ({"url": "https://data.gov.ua/", "upload": (io.BytesIO(PDF), "x.pdf")}, "upload"),
        ({}, "url"),
    ])
    def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(self, app, people, posted, field):
        before = stored_files()
        response = app.post("/materials/new", headers=auth(people.coordinator), status=400,
                            data=dict(FORM, **posted))
        page = soup(response)
        summary = page.select_one(".error-explanation, .alert-error, .alert-danger").get_text(" ", strip=True)
        with app.flask_app.test_request_context("/", environ_overrides={"CKAN_LANG": "uk"}):
            from ckanext.chervonohrad.materials.views import FIELD_LABELS
            label = tk._(FIELD_LABELS[field])
        assert label in summary
        assert model.Session.query(Material).count() == 0 and stored_files() == before
        # What was typed comes back (a refused file does not).
        assert page.select_one("#field-title")["value"] == posted.get("title", FORM["title"])

    def test_edit_keeps_the_file_and_saves_the_fields(self, app, people):
        made = act("chervonohrad_materials_create", people.coordinator, **file_material())
        path = stored_path(made["id"])
        page = soup(app.get(f"/materials/{made['id']}/edit", headers=auth(people.coordinator)))
        assert page.select_one("#field-title")["value"] == made["title"]
        assert page.select_one("#material-current-file a")["href"] == f"/materials/{made['id']}/file"
        app.post(f"/materials/{made['id']}/edit", headers=auth(people.coordinator),
                 data=dict(FORM, title="Оновлена памʼятка"))
        model.Session.expire_all()
        stored = model.Session.get(Material, made["id"])
        assert stored.title == "Оновлена памʼятка" and os.path.exists(path) and stored_path(made["id"]) == path

    def test_a_refused_edit_is_a_400_and_changes_nothing(self, app, people):
        made = act("chervonohrad_materials_create", people.coordinator, **link_material())
        app.post(f"/materials/{made['id']}/edit", headers=auth(people.coordinator), status=400,
                 data=dict(FORM, title="", url="https://data.gov.ua/x"))
        model.Session.expire_all()
        assert model.Session.get(Material, made["id"]).title == made["title"]

    def test_delete_asks_then_deletes_with_the_file(self, app, people):
        made = act("chervonohrad_materials_create", people.coordinator, **file_material())
        path = stored_path(made["id"])
        page = soup(app.get(f"/materials/{made['id']}/delete", headers=auth(people.coordinator)))
        form = page.select_one("form#material-delete-form")
        assert form["method"] == "post" and form.select_one("input[name=_csrf_token]") is not None
        assert made["title"] in page.select_one("#material-delete-question").get_text()
        assert model.Session.query(Material).count() == 1  # asking deletes nothing
        app.post(f"/materials/{made['id']}/delete", headers=auth(people.coordinator))
        assert model.Session.query(Material).count() == 0 and not os.path.exists(path)

    def test_delete_needs_the_csrf_token(self, live_server, people):
        # CKAN's test client skips CSRF checks; a real HTTP client with a session cookie does not.
        import requests

        from tests.browser import PASSWORD
        made = act("chervonohrad_materials_create", people.coordinator, **link_material())
        session = requests.Session()
        login = session.get(live_server + "/user/login").text
        token = re.search(r'name="_csrf_token" value="([^"]+)"', login)[1]
        session.post(live_server + "/user/login", data={"login": "oblast-coordinator", "password": PASSWORD,
                                                         "_csrf_token": token})
        url = f"{live_server}/materials/{made['id']}/delete"
        assert session.post(url, allow_redirects=False).status_code == 400
        assert model.Session.query(Material).count() == 1
        token = BeautifulSoup(session.get(url).text, "html.parser").select_one("input[name=_csrf_token]")["value"]
        assert session.post(url, data={"_csrf_token": token}, allow_redirects=False).status_code == 302
        model.Session.expire_all()
        assert model.Session.query(Material).count() == 0


class TestLimitsAndEscaping:
    @pytest.mark.ckan_config("ckanext.chervonohrad.materials_max_mb", "1")
    def test_a_request_larger_than_the_limit_is_a_413_read_no_further(self, app, people):
        before = stored_files()
        response = app.post("/materials/new", headers=auth(people.coordinator), status=413,
                            data=dict(FORM, upload=(io.BytesIO(b"x" * (2 * 1024 * 1024)), "big.pdf")))
        assert "файл має бути не більше 1 МБ" in response.body
        assert model.Session.query(Material).count() == 0 and stored_files() == before

    def test_the_delete_question_escapes_the_title(self, app, people):
        made = act("chervonohrad_materials_create", people.coordinator,
                   **link_material(title="<img src=x onerror=alert(1)>"))
        body = app.get(f"/materials/{made['id']}/delete", headers=auth(people.coordinator)).body
        assert "<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body
