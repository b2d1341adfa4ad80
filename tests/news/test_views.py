"""The news pages over HTTP: the list with its hromada filter and paging, one post, the
form (errors naming the field with a 400, nothing written), the delete button (POST with a
CSRF token), 403 and 404, escaping of the title and the sanitised body, uk and en."""
from __future__ import annotations

import pytest
import requests
from bs4 import BeautifulSoup

from ckan import model

from ckanext.chervonohrad.news.model import News
from tests.browser import PASSWORD
from tests.news.conftest import SHEPTYTSKA, SOKALSKA, act, news_data


def auth(user):
    return {"Authorization": user["token"]}


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.body, "html.parser")


FORM = {"title": "Нові зупинки на карті", "published": "2026-01-01", "hromada": SHEPTYTSKA,
        "datasets": "zupynky\nbiudzhet-2026", "body": "Оновили **перелік** зупинок."}

XSS_BODY = ("Текст <script>alert('body')</script>\n\n<img src=x onerror=alert('img')>\n\n"
            "[натисніть](javascript:alert('link')) і <a href=\"javascript:alert('a')\">ще</a>")
XSS_TITLE = "<script>alert('title')</script> Новина"


class TestList:
    def test_empty_list_in_ukrainian_and_english(self, app, world):
        page = soup(app.get("/news"))
        assert page.select_one("#news-empty") is not None
        assert page.select_one("html")["lang"] == "uk"
        assert page.select_one("#news-write") is None  # a visitor writes nothing
        label = page.select_one("label[for=news-hromada]")
        assert label is not None and page.select_one("select#news-hromada[name=hromada]") is not None
        feed = page.select_one('link[rel=alternate][type="application/atom+xml"]')
        assert feed["href"] == "/news/feed.atom"
        english = soup(app.get("/en/news"))
        assert english.select_one("h1").get_text(strip=True) == "News"
        assert english.select_one("#news-empty").get_text(strip=True) == "No news yet."

    def test_posts_the_filter_and_the_button(self, app, world, post):
        act("chervonohrad_news_create", world.coordinator, **news_data(title="Обласна новина", hromada=""))
        act("chervonohrad_news_create", world.officer_b, **news_data(title="Сокальська новина", hromada=SOKALSKA,
                                                                      datasets=[]))
        page = soup(app.get("/news"))
        assert len(page.select("#news-list .news-item")) == 3
        only_a = soup(app.get(f"/news?hromada={SHEPTYTSKA}"))
        assert [li["data-id"] for li in only_a.select(".news-item")] == [post["id"]]
        assert only_a.select_one(f"#news-hromada option[value={SHEPTYTSKA}]").has_attr("selected")
        assert only_a.select_one('link[type="application/atom+xml"]')["href"] == f"/news/feed.atom?hromada={SHEPTYTSKA}"
        oblast = soup(app.get("/news?hromada=oblast"))
        assert [li.select_one("h2").get_text(strip=True) for li in oblast.select(".news-item")] == ["Обласна новина"]
        excerpt = page.select_one(f".news-item[data-id='{post['id']}'] .news-excerpt").get_text()
        assert "**" not in excerpt and "бюджет" in excerpt
        assert soup(app.get("/news", headers=auth(world.admin_a))).select_one("#news-write") is not None
        assert soup(app.get("/news", headers=auth(world.editor_a))).select_one("#news-write") is None

    def test_unknown_hromada_is_a_400_naming_it(self, app, world):
        response = app.get("/news?hromada=UA00000000000000000", status=400)
        assert "Громада" in response.body

    def test_paging(self, app, world):
        for n in range(12):
            act("chervonohrad_news_create", world.coordinator, **news_data(title=f"Новина {n:02d}", datasets=[]))
        first, second = soup(app.get("/news")), soup(app.get("/news?page=2"))
        assert len(first.select(".news-item")) == 10 and len(second.select(".news-item")) == 2
        assert first.select_one("#news-pages a[href='/news?page=2']") is not None


class TestRead:
    def test_a_post_with_its_datasets(self, app, world, post):
        page = soup(app.get(f"/news/{post['id']}"))
        assert page.select_one("h1").get_text(strip=True) == post["title"]
        assert page.select_one("#news-body strong").get_text() == "бюджет"
        assert [a["href"] for a in page.select(".news-datasets a")] == ["/dataset/biudzhet-2026"]
        assert page.select_one("#news-actions") is None
        mine = soup(app.get(f"/news/{post['id']}", headers=auth(world.officer_a)))
        assert mine.select_one("#news-delete input[name=_csrf_token]") is not None
        assert "News" in app.get(f"/en/news/{post['id']}").body

    def test_missing_and_deleted_posts_are_404(self, app, world, post):
        app.get("/news/no-such-post", status=404)
        act("chervonohrad_news_delete", world.coordinator, id=post["id"])
        app.get(f"/news/{post['id']}", status=404)
        app.get(f"/news/{post['id']}/edit", headers=auth(world.coordinator), status=404)

    def test_a_private_dataset_is_never_named(self, app, world, post):
        model.Session.query(model.Package).filter_by(name="biudzhet-2026").update({"private": True})
        model.Session.commit()
        body = app.get(f"/news/{post['id']}").body
        assert "Бюджет громади 2026" not in body and "biudzhet-2026" not in body
        assert "Бюджет громади 2026" not in app.get("/news").body

    def test_script_in_the_body_and_title_does_not_run(self, app, world):
        created = act("chervonohrad_news_create", world.coordinator, **news_data(title=XSS_TITLE, body=XSS_BODY))
        assert created["body"] == XSS_BODY and created["title"] == XSS_TITLE  # stored as typed
        for url in (f"/news/{created['id']}", "/news", f"/en/news/{created['id']}"):
            body = app.get(url).body
            assert "<script>alert(" not in body
            assert "onerror" not in body.lower()
            assert "javascript:alert" not in body
            assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in body or "&lt;script&gt;" in body
        page = soup(app.get(f"/news/{created['id']}"))
        assert page.select("#news-body script") == [] and page.select("#news-body [onerror]") == []
        assert all(not (a.get("href") or "").startswith("javascript") for a in page.select("#news-body a"))


class TestForm:
    def test_the_form_for_a_hromadas_admin_lists_only_their_hromada(self, app, world):
        page = soup(app.get("/news/new", headers=auth(world.admin_a)))
        options = [o["value"] for o in page.select("#field-news-hromada option")]
        assert options == [SHEPTYTSKA]
        for field in ("title", "published", "hromada", "datasets", "body"):
            control = page.select_one(f"#news-form [name={field}]")
            assert page.select_one(f"label[for={control['id']}]") is not None
        assert page.select_one("#news-body-hint").get_text().count("Markdown") == 1
        coordinator = soup(app.get("/news/new", headers=auth(world.coordinator)))
        values = [o["value"] for o in coordinator.select("#field-news-hromada option")]
        assert values[0] == "" and SOKALSKA in values and len(values) > 10

    @pytest.mark.parametrize("name", ["editor_a", "plain"])
    def test_the_form_is_403_for_those_who_may_not_write(self, app, world, name):
        app.get("/news/new", headers=auth(getattr(world, name)), status=403)
        app.post("/news/new", headers=auth(getattr(world, name)), data=FORM, status=403)
        assert model.Session.query(News).count() == 0

    def test_a_visitor_is_refused(self, app, world):
        response = app.get("/news/new", status=403)
        assert response.status_code == 403

    def test_write_edit_and_delete_through_the_pages(self, app, world):
        response = app.post("/news/new", headers=auth(world.officer_a), data=FORM, follow_redirects=False)
        assert response.status_code == 302
        stored = model.Session.query(News).one()
        assert response.headers["Location"].endswith(f"/news/{stored.id}")
        assert stored.author_user_id == world.officer_a["id"] and stored.published.isoformat() == "2026-01-01"
        edit = soup(app.get(f"/news/{stored.id}/edit", headers=auth(world.officer_a)))
        assert edit.select_one("#field-news-title")["value"] == FORM["title"]
        assert edit.select_one("#field-news-datasets").get_text().split() == ["biudzhet-2026", "zupynky"]
        app.post(f"/news/{stored.id}/edit", headers=auth(world.officer_a), data=dict(FORM, title="Змінений"))
        model.Session.expire_all()
        assert model.Session.get(News, stored.id).title == "Змінений"
        app.post(f"/news/{stored.id}/edit", headers=auth(world.officer_b), data=FORM, status=403)
        app.get(f"/news/{stored.id}/edit", headers=auth(world.admin_b), status=403)
        app.post(f"/news/{stored.id}/delete", headers=auth(world.admin_b), status=403)
        app.post(f"/news/{stored.id}/delete", headers=auth(world.admin_a))
        model.Session.expire_all()
        assert model.Session.get(News, stored.id).state == "deleted"

    @pytest.mark.parametrize("field,value,label", [
        ("title", "", ("Заголовок", "Headline")), ("body", "", "Текст"), ("published", "2999-01-01", "Дата"),
        ("published", "вчора", "Дата"), ("datasets", "taiemni-dani", "Набори даних"),
        ("hromada", SOKALSKA, None),
    ])
    def test_bad_input_is_a_400_naming_the_field_and_nothing_is_written(self, app, world, field, value, label):
        response = app.post("/news/new", headers=auth(world.officer_a), data=dict(FORM, **{field: value}),
                            status=403 if field == "hromada" else 400)
        if label:
            summary = soup(response).select_one(".error-explanation").get_text()
            assert any(name in summary for name in (label if isinstance(label, tuple) else (label,)))
            assert soup(response).select_one("#field-news-title")["value"] == FORM["title"] or field == "title"
            assert "Таємна" not in response.body
        assert model.Session.query(News).count() == 0

    def test_a_bad_edit_changes_nothing(self, app, world, post):
        app.post(f"/news/{post['id']}/edit", headers=auth(world.officer_a), data=dict(FORM, body=""), status=400)
        assert act("chervonohrad_news_show", None, id=post["id"])["title"] == post["title"]

    def test_english_form_errors(self, app, world):
        response = app.post("/en/news/new", headers=auth(world.officer_a), data=dict(FORM, title=""), status=400)
        assert "Headline" in soup(response).select_one(".error-explanation").get_text()


class TestCsrf:
    def test_delete_from_a_logged_in_session_needs_the_token(self, live_server, world, post):
        session = requests.Session()
        login = session.get(live_server + "/user/login")
        token = BeautifulSoup(login.text, "html.parser").select_one("input[name=_csrf_token]")["value"]
        session.post(live_server + "/user/login", data={"login": "officer-a", "password": PASSWORD,
                                                        "_csrf_token": token})
        page = BeautifulSoup(session.get(f"{live_server}/news/{post['id']}").text, "html.parser")
        assert page.select_one("#news-delete") is not None  # logged in: the button is there
        refused = session.post(f"{live_server}/news/{post['id']}/delete", allow_redirects=False)
        assert refused.status_code in (400, 403)
        assert act("chervonohrad_news_show", None, id=post["id"])["id"] == post["id"]
