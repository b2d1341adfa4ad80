"""The materials' actions: the happy path (link, file, list and its filters, update, delete
with its file), who may call them, and what is refused, naming the field."""
from __future__ import annotations

import os

import pytest

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.materials.model import Material
from tests.materials.conftest import (
    PDF,
    act,
    file_material,
    link_material,
    stored_files,
    stored_path,
    upload,
)


def errors_of(call) -> dict:
    with pytest.raises(tk.ValidationError) as caught:
        call()
    return caught.value.error_dict


class TestHappyPath:
    def test_create_with_a_link(self, people):
        made = act("chervonohrad_materials_create", people.coordinator, **link_material(description=" Для всіх. "))
        assert made["kind"] == "link" and made["href"] == "https://data.gov.ua/pages/835-rec-index"
        assert made["description"] == "Для всіх."
        stored = model.Session.get(Material, made["id"])
        assert stored.file_name is None and stored.creator_user_id == people.coordinator["id"]

    def test_create_with_a_file(self, people):
        made = act("chervonohrad_materials_create", people.coordinator, **file_material())
        assert made["kind"] == "file" and made["href"].endswith(f"/materials/{made['id']}/file")
        assert made["file_original_name"] == "Методичка відповідальним.pdf"
        stored = model.Session.get(Material, made["id"])
        # The stored name is the server's own, never the uploader's.
        assert stored.file_name.endswith(".pdf") and "Методичка" not in stored.file_name
        with open(stored_path(made["id"]), "rb") as f:
            assert f.read() == PDF

    def test_list_orders_by_topic_then_position_then_title_and_filters(self, people):
        for title, topic, position, audience in (
            ("Б ліцензії", "licences", 0, "everyone"), ("А формати", "formats", 5, "responsible_persons"),
            ("В формати", "formats", 1, "data_users"), ("Г формати", "formats", 1, "responsible_persons"),
            ("Постанова 835", "publishing_835", 9, "responsible_persons"),
        ):
            act("chervonohrad_materials_create", people.coordinator,
                **link_material(title=title, topic=topic, position=position, audience=audience,
                                url=f"https://data.gov.ua/{position}/{len(title)}/{topic}"))
        listed = act("chervonohrad_materials_list", None)
        assert [m["title"] for m in listed["results"]] == [
            "Постанова 835", "В формати", "Г формати", "А формати", "Б ліцензії"]
        assert listed["count"] == 5
        formats = act("chervonohrad_materials_list", None, topic="formats")["results"]
        assert [m["title"] for m in formats] == ["В формати", "Г формати", "А формати"]
        responsible = act("chervonohrad_materials_list", None, audience="responsible_persons", topic="formats")
        assert [m["title"] for m in responsible["results"]] == ["Г формати", "А формати"]

    def test_show_is_public(self, people):
        made = act("chervonohrad_materials_create", people.coordinator, **link_material())
        assert act("chervonohrad_materials_show", None, id=made["id"])["title"] == made["title"]
        with pytest.raises(tk.ObjectNotFound):
            act("chervonohrad_materials_show", None, id="no-such-material")

    def test_update_replaces_the_file_and_removes_the_old_one(self, people):
        made = act("chervonohrad_materials_create", people.coordinator, **file_material())
        old = stored_path(made["id"])
        updated = act("chervonohrad_materials_update", people.coordinator,
                      **file_material(id=made["id"], title="Нова назва",
                                      upload=upload("нова.docx", b"PK\x03\x04 docx")))
        assert updated["title"] == "Нова назва" and updated["file_original_name"] == "нова.docx"
        assert not os.path.exists(old)
        assert os.path.exists(stored_path(made["id"]))

    def test_update_without_a_file_keeps_the_stored_one(self, people):
        made = act("chervonohrad_materials_create", people.coordinator, **file_material())
        kept = stored_path(made["id"])
        data = file_material(id=made["id"], position=7)
        del data["upload"]
        assert act("chervonohrad_materials_update", people.coordinator, **data)["position"] == 7
        assert stored_path(made["id"]) == kept and os.path.exists(kept)

    def test_update_to_a_link_removes_the_file(self, people):
        made = act("chervonohrad_materials_create", people.coordinator, **file_material())
        old = stored_path(made["id"])
        updated = act("chervonohrad_materials_update", people.coordinator, **link_material(id=made["id"]))
        assert updated["kind"] == "link" and updated["file_original_name"] is None
        assert not os.path.exists(old)

    def test_delete_removes_the_row_and_the_file(self, people):
        made = act("chervonohrad_materials_create", people.coordinator, **file_material())
        path = stored_path(made["id"])
        assert act("chervonohrad_materials_delete", people.coordinator, id=made["id"]) == {
            "id": made["id"], "deleted": True}
        assert model.Session.get(Material, made["id"]) is None
        assert not os.path.exists(path)


WRITERS = ("chervonohrad_materials_create", "chervonohrad_materials_update", "chervonohrad_materials_delete")


class TestPermissions:
    @pytest.mark.parametrize("who", ["visitor", "citizen", "org_admin", "officer"])
    @pytest.mark.parametrize("action", WRITERS)
    def test_only_regional_administrators_write(self, people, ukrainian, who, action):
        made = act("chervonohrad_materials_create", people.coordinator, **link_material())
        user = None if who == "visitor" else getattr(people, who)
        data = {"id": made["id"]} if action.endswith("delete") else link_material(id=made["id"])
        if action.endswith("create"):
            data.pop("id")
        with pytest.raises(tk.NotAuthorized) as refused:
            act(action, user, **data)
        assert "регіональні адміністратори" in str(refused.value)
        assert model.Session.query(Material).count() == 1
        assert act("chervonohrad_materials_show", user, id=made["id"])["title"] == made["title"]

    @pytest.mark.parametrize("who", ["coordinator", "sysadmin"])
    def test_regional_administrators_and_sysadmins_write(self, people, who):
        user = getattr(people, who)
        made = act("chervonohrad_materials_create", user, **link_material())
        act("chervonohrad_materials_update", user, **link_material(id=made["id"], title="Змінено"))
        act("chervonohrad_materials_delete", user, id=made["id"])
        assert model.Session.query(Material).count() == 0


class TestBadInput:
    @pytest.mark.parametrize("overrides, field", [
        ({"title": ""}, "title"),
        ({"title": "  "}, "title"),
        ({"title": "я" * 301}, "title"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "JaVaScRiPt:alert(1)"}, "url"),
        ({"url": "data:text/html,<script>alert(1)</script>"}, "url"),
        ({"url": "ftp://data.gov.ua/file.pdf"}, "url"),
        ({"url": "/materials/elsewhere"}, "url"),
        ({"url": "//evil.example/x"}, "url"),
        ({"url": "http://localhost:8983/solr"}, "url"),
        ({"url": "http://127.0.0.1/admin"}, "url"),
        ({"url": "http://192.168.1.10/intranet"}, "url"),
        ({"url": "http://intranet/"}, "url"),
        ({"topic": "astrology"}, "topic"),
        ({"topic": ""}, "topic"),
        ({"audience": "everyone-else"}, "audience"),
        ({"position": -1}, "position"),
        ({"position": "перший"}, "position"),
        ({"position": 10 ** 12}, "position"),
    ])
    def test_refused_naming_the_field(self, people, english, overrides, field):
        errors = errors_of(lambda: act("chervonohrad_materials_create", people.coordinator,
                                       **link_material(**overrides)))
        assert field in errors
        assert model.Session.query(Material).count() == 0

    def test_the_link_message_says_what_a_link_must_be(self, people, english):
        errors = errors_of(lambda: act("chervonohrad_materials_create", people.coordinator,
                                       **link_material(url="javascript:alert(1)")))
        assert "public web address" in errors["url"][0] and "javascript:alert(1)" in errors["url"][0]

    def test_both_a_link_and_a_file(self, people, english):
        before = stored_files()
        errors = errors_of(lambda: act("chervonohrad_materials_create", people.coordinator,
                                       **link_material(upload=upload())))
        assert errors == {"upload": ["Give either a link or a file, not both"]}
        assert model.Session.query(Material).count() == 0 and stored_files() == before

    def test_neither_a_link_nor_a_file(self, people, english):
        data = link_material()
        del data["url"]
        errors = errors_of(lambda: act("chervonohrad_materials_create", people.coordinator, **data))
        assert errors == {"url": ["Give a link or upload a file"]}

    @pytest.mark.parametrize("name", ["page.html", "script.js", "noextension", "archive.tar.gz", "pdf", "x.pdf.exe"])
    def test_disallowed_extension(self, people, english, name):
        before = stored_files()
        errors = errors_of(lambda: act("chervonohrad_materials_create", people.coordinator,
                                       **file_material(upload=upload(name))))
        assert list(errors) == ["upload"] and "The file must be one of" in errors["upload"][0]
        assert model.Session.query(Material).count() == 0 and stored_files() == before

    @pytest.mark.ckan_config("ckanext.chervonohrad.materials_max_mb", "1")
    def test_oversize(self, people, english):
        before = stored_files()
        errors = errors_of(lambda: act("chervonohrad_materials_create", people.coordinator,
                                       **file_material(upload=upload(content=b"x" * (1024 * 1024 + 1)))))
        assert errors == {"upload": ["The file must be at most 1 MB"]}
        assert stored_files() == before
        made = act("chervonohrad_materials_create", people.coordinator,
                   **file_material(upload=upload(content=b"x" * (1024 * 1024))))
        assert made["kind"] == "file"

    def test_a_file_given_as_text_is_refused(self, people, english):
        errors = errors_of(lambda: act("chervonohrad_materials_create", people.coordinator,
                                       **file_material(upload="/etc/passwd")))
        assert list(errors) == ["upload"]

    def test_a_refused_update_changes_nothing(self, people, english):
        made = act("chervonohrad_materials_create", people.coordinator, **file_material())
        path = stored_path(made["id"])
        before = stored_files()
        errors_of(lambda: act("chervonohrad_materials_update", people.coordinator,
                              **file_material(id=made["id"], title="Нова", url="https://data.gov.ua/")))
        errors_of(lambda: act("chervonohrad_materials_update", people.coordinator,
                              **file_material(id=made["id"], title="", upload=upload("інший.pdf"))))
        model.Session.expire_all()
        assert model.Session.get(Material, made["id"]).title == "Памʼятка відповідальній особі"
        assert stored_files() == before and os.path.exists(path)

    def test_a_failed_commit_leaves_no_file(self, people, english, monkeypatch):
        before = stored_files()

        def broken_commit():
            raise RuntimeError("the database went away")
        monkeypatch.setattr(model.Session, "commit", broken_commit)
        with pytest.raises(RuntimeError):
            act("chervonohrad_materials_create", people.coordinator, **file_material())
        monkeypatch.undo()
        assert stored_files() == before
