"""Who writes the news: for a hromada, regional administrators, its council officers and
the admins of its publishers; for the whole oblast, regional administrators only; moving a
post needs the right for both hromadas. Refusals are NotAuthorized."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk

from tests.news.conftest import SHEPTYTSKA, SOKALSKA, act, news_data

ALLOWED_FOR_A = ["coordinator", "sysadmin", "officer_a", "admin_a"]
REFUSED_FOR_A = ["visitor", "plain", "editor_a", "admin_b", "officer_b"]


def who(world, name):
    return None if name == "visitor" else getattr(world, name)


class TestHromadaNews:
    @pytest.mark.parametrize("name", ALLOWED_FOR_A)
    def test_allowed_to_write_change_and_delete(self, world, name):
        user = who(world, name)
        created = act("chervonohrad_news_create", user, **news_data())
        assert act("chervonohrad_news_update", user, id=created["id"], title="Інший")["title"] == "Інший"
        assert act("chervonohrad_news_delete", user, id=created["id"])["deleted"]

    @pytest.mark.parametrize("name", REFUSED_FOR_A)
    def test_refused_to_write(self, world, name):
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_news_create", who(world, name), **news_data())

    @pytest.mark.parametrize("name", REFUSED_FOR_A)
    def test_refused_to_change_or_delete(self, world, post, name):
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_news_update", who(world, name), id=post["id"], title="Чужий")
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_news_delete", who(world, name), id=post["id"])
        assert act("chervonohrad_news_show", None, id=post["id"])["title"] == post["title"]

    def test_everyone_reads(self, world, post):
        assert act("chervonohrad_news_show", None, id=post["id"])["id"] == post["id"]
        assert act("chervonohrad_news_list", None)["count"] == 1


class TestOblastNews:
    @pytest.mark.parametrize("name", ["coordinator", "sysadmin"])
    def test_regional_administrators_write_it(self, world, name):
        created = act("chervonohrad_news_create", who(world, name), **news_data(hromada=""))
        assert created["hromada"] is None
        assert act("chervonohrad_news_delete", who(world, name), id=created["id"])["deleted"]

    @pytest.mark.parametrize("name", ["officer_a", "admin_a", "editor_a", "plain", "visitor"])
    def test_nobody_else_does(self, world, name, english):
        with pytest.raises(tk.NotAuthorized) as denied:
            act("chervonohrad_news_create", who(world, name), **news_data(hromada=None))
        if name != "visitor":  # a visitor hears CKAN's own «requires an authenticated user»
            assert "whole oblast" in str(denied.value)

    def test_nor_changes_it(self, world):
        created = act("chervonohrad_news_create", world.coordinator, **news_data(hromada=""))
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_news_update", world.officer_a, id=created["id"], title="Моя")


class TestMoving:
    def test_officer_cannot_move_a_post_to_a_hromada_they_do_not_oversee(self, world, post):
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_news_update", world.officer_a, id=post["id"], hromada=SOKALSKA)
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_news_update", world.officer_a, id=post["id"], hromada="")
        assert act("chervonohrad_news_show", None, id=post["id"])["hromada"] == SHEPTYTSKA

    def test_the_other_hromadas_officer_cannot_pull_it_over(self, world, post):
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_news_update", world.officer_b, id=post["id"], hromada=SOKALSKA)

    def test_a_writer_for_both_moves_it(self, world, post):
        from tests.hromada.officers import name_officer

        name_officer(world.officer_a, SOKALSKA)
        moved = act("chervonohrad_news_update", world.officer_a, id=post["id"], hromada=SOKALSKA)
        assert moved["hromada"] == SOKALSKA
        assert act("chervonohrad_news_update", world.coordinator, id=post["id"], hromada="")["hromada"] is None

    def test_the_refusal_names_the_reason_in_ukrainian(self, world, post, ukrainian):
        with pytest.raises(tk.NotAuthorized) as denied:
            act("chervonohrad_news_update", world.plain, id=post["id"], title="Ні")
        assert str(denied.value)
