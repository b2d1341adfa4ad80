"""The news actions: writing, changing, deleting, reading and listing; the author taken from
the caller; the datasets named only while public."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.news.model import News
from tests.news.conftest import SHEPTYTSKA, SOKALSKA, act, news_data


class TestHappyPath:
    def test_create_show_update_delete(self, world):
        created = act("chervonohrad_news_create", world.officer_a, **news_data(published="2026-01-01"))
        assert created["title"] == "Нові дані про бюджет громади" and created["hromada"] == SHEPTYTSKA
        assert created["published"] == "2026-01-01"
        assert created["author_user_id"] == world.officer_a["id"]
        assert [d["name"] for d in created["datasets"]] == ["biudzhet-2026"]
        shown = act("chervonohrad_news_show", None, id=created["id"])
        assert shown["body"] == news_data()["body"]

        updated = act("chervonohrad_news_update", world.admin_a, id=created["id"], title="Оновлений заголовок",
                      datasets="zupynky, biudzhet-2026")
        assert updated["title"] == "Оновлений заголовок" and updated["body"] == news_data()["body"]
        assert [d["name"] for d in updated["datasets"]] == ["biudzhet-2026", "zupynky"]  # by title
        assert updated["author_user_id"] == world.officer_a["id"]  # the author stays

        assert act("chervonohrad_news_delete", world.coordinator, id=created["id"]) == {
            "id": created["id"], "deleted": True}
        assert model.Session.get(News, created["id"]).state == "deleted"  # soft
        with pytest.raises(tk.ObjectNotFound):
            act("chervonohrad_news_show", None, id=created["id"])
        assert act("chervonohrad_news_list", None)["count"] == 0
        with pytest.raises(tk.ObjectNotFound):
            act("chervonohrad_news_update", world.coordinator, id=created["id"], title="Знову")

    def test_published_defaults_to_today_in_kyiv(self, world):
        from ckanext.chervonohrad.news.logic.validators import kyiv_today

        created = act("chervonohrad_news_create", world.coordinator, **news_data(published=""))
        assert created["published"] == kyiv_today().isoformat()

    def test_the_author_comes_from_the_caller_never_the_input(self, world):
        created = act("chervonohrad_news_create", world.admin_a,
                      **news_data(author_user_id=world.sysadmin["id"]))
        assert created["author_user_id"] == world.admin_a["id"]

    def test_list_newest_first_with_filters_and_paging(self, world):
        for day, hromada in (("2026-01-05", SHEPTYTSKA), ("2026-03-01", SOKALSKA), ("2026-02-01", None)):
            act("chervonohrad_news_create", world.coordinator,
                **news_data(title=f"Новина {day}", published=day, hromada=hromada,
                            datasets=[] if hromada != SHEPTYTSKA else ["biudzhet-2026"]))
        listed = act("chervonohrad_news_list", None)
        assert listed["count"] == 3
        assert [p["published"] for p in listed["results"]] == ["2026-03-01", "2026-02-01", "2026-01-05"]
        assert [p["hromada"] for p in act("chervonohrad_news_list", None, hromada=SOKALSKA)["results"]] == [SOKALSKA]
        assert [p["hromada"] for p in act("chervonohrad_news_list", None, hromada="oblast")["results"]] == [None]
        by_dataset = act("chervonohrad_news_list", None, dataset="biudzhet-2026")["results"]
        assert [p["title"] for p in by_dataset] == ["Новина 2026-01-05"]
        assert act("chervonohrad_news_list", None, dataset=world.dataset["id"])["count"] == 1
        page = act("chervonohrad_news_list", None, limit=1, offset=1)
        assert page["count"] == 3 and [p["published"] for p in page["results"]] == ["2026-02-01"]

    def test_list_refuses_an_unknown_hromada_and_hides_private_datasets(self, world):
        with pytest.raises(tk.ValidationError) as refused:
            act("chervonohrad_news_list", None, hromada="UA00000000000000000")
        assert "hromada" in refused.value.error_dict
        for name in ("taiemni-dani", "vydaleni-dani", "nemaie-takoho"):
            with pytest.raises(tk.ObjectNotFound):
                act("chervonohrad_news_list", None, dataset=name)

    def test_the_helper_of_the_dataset_page(self, app, world, post):
        from ckanext.chervonohrad.news.helpers import chervonohrad_news_of_dataset

        with app.flask_app.test_request_context("/"):
            assert [p["id"] for p in chervonohrad_news_of_dataset(world.dataset["id"])] == [post["id"]]
            assert chervonohrad_news_of_dataset(world.private["id"]) == []
            assert chervonohrad_news_of_dataset("no-such-dataset") == []


class TestDatasetsNotRevealed:
    @pytest.mark.parametrize("name", ["taiemni-dani", "vydaleni-dani", "nemaie-takoho"])
    def test_private_deleted_and_missing_are_refused_alike(self, world, english, name):
        with pytest.raises(tk.ValidationError) as refused:
            act("chervonohrad_news_create", world.coordinator, **news_data(datasets=["biudzhet-2026", name]))
        assert list(refused.value.error_dict) == ["datasets"]
        message = " ".join(refused.value.error_dict["datasets"])
        assert message == f"Not a public dataset of this portal: «{name}»"
        assert "Таємна" not in message and "видаленого" not in message

    def test_private_one_refused_by_id_too_without_its_title(self, world, english):
        with pytest.raises(tk.ValidationError) as refused:
            act("chervonohrad_news_create", world.coordinator, **news_data(datasets=[world.private["id"]]))
        assert "Таємна" not in str(refused.value.error_dict)

    def test_a_dataset_made_private_or_deleted_later_drops_out(self, world, post):
        act("chervonohrad_news_update", world.coordinator, id=post["id"], datasets=["biudzhet-2026", "zupynky"])
        as_admin = {"user": "portal-admin", "ignore_auth": True}
        call_action("package_patch", context=dict(as_admin), id="biudzhet-2026", private=True)
        call_action("package_delete", context=dict(as_admin), id="zupynky")
        shown = act("chervonohrad_news_show", None, id=post["id"])
        assert shown["datasets"] == []
        assert act("chervonohrad_news_list", None)["results"][0]["datasets"] == []

    def test_other_dataset_types_are_refused(self, world):
        model.Session.query(model.Package).filter_by(name="zupynky").update({"type": "showcase"})
        model.Session.commit()
        with pytest.raises(tk.ValidationError) as refused:
            act("chervonohrad_news_create", world.coordinator, **news_data(datasets=["zupynky"]))
        assert "datasets" in refused.value.error_dict


LONG = "я" * 201


class TestBadInput:
    @pytest.mark.parametrize("field,value", [
        ("title", ""), ("title", "   "), ("title", LONG), ("title", "Заголовок\x00"),
        ("body", ""), ("body", "б" * 20001),
        ("published", "01.04.2026"), ("published", "2026-02-30"), ("published", "2999-01-01"),
        ("hromada", "UA00000000000000000"), ("hromada", "Шептицька"),
        ("datasets", ["nemaie-takoho"]), ("datasets", {"name": "biudzhet-2026"}),
        ("datasets", [f"nabir-{n}" for n in range(21)]),
    ])
    def test_each_field_refused_naming_it_and_nothing_written(self, world, field, value):
        with pytest.raises(tk.ValidationError) as refused:
            act("chervonohrad_news_create", world.coordinator, **news_data(**{field: value}))
        assert field in refused.value.error_dict
        assert model.Session.query(News).count() == 0

    @pytest.mark.parametrize("field", ["title", "body"])
    def test_missing_required_fields(self, world, field):
        data = news_data()
        del data[field]
        with pytest.raises(tk.ValidationError) as refused:
            act("chervonohrad_news_create", world.coordinator, **data)
        assert field in refused.value.error_dict

    def test_bad_update_leaves_the_post_as_it_was(self, world, post):
        with pytest.raises(tk.ValidationError):
            act("chervonohrad_news_update", world.coordinator, id=post["id"], title="Новий", body="")
        assert act("chervonohrad_news_show", None, id=post["id"])["title"] == post["title"]

    def test_messages_are_ukrainian_by_default(self, world, ukrainian):
        with pytest.raises(tk.ValidationError) as refused:
            act("chervonohrad_news_create", world.coordinator, **news_data(title=""))
        assert refused.value.error_dict["title"]
        with pytest.raises(tk.NotAuthorized) as denied:
            act("chervonohrad_news_create", world.plain, **news_data())
        assert str(denied.value)
