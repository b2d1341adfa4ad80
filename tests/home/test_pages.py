"""The home page and the header, served: figures, lists, menus, the portal's mark, in
Ukrainian and English, on a portal with content and on an empty one."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.factories import PassportDataset, Publisher


def make_portal():
    finance = Publisher(name="finansy", title="Фінансове управління")
    PassportDataset(name="biudzhet", title="Бюджет громади", owner_org=finance["id"])
    PassportDataset(name="dokhody", title="Доходи бюджету", owner_org=finance["id"], list835_item="lsg-tax-revenues")
    PassportDataset(name="sluzhbovyi", title="Службовий набір", owner_org=finance["id"], private=True)


@pytest.fixture(scope="module")
def _portal(restore_point):
    return restore_point(make_portal)


@pytest.fixture
def portal(_portal):
    return _portal.restore()


def soup_of(app, path, **kwargs):
    page = app.get(path, **kwargs)
    assert page.status_code == 200
    return BeautifulSoup(page.body, "html.parser")


def figure(soup, label):
    for card in soup.select("#home-figures .card"):
        if card.select_one(".chervonohrad-figure-label").text.strip() == label:
            return card.get_text(" ", strip=True)
    raise AssertionError(f"no figure «{label}»")


def test_home_shows_the_oblasts_figures_and_what_is_new(app, portal):
    soup = soup_of(app, "/")
    assert figure(soup, "Набори даних").endswith("2")
    assert figure(soup, "Розпорядники").endswith("1")
    assert figure(soup, "Громади").endswith("1")
    assert "85" in figure(soup, "Відповідають рекомендаціям")
    new = [a.text for a in soup.select("#home-new a")]
    assert set(new) == {"Бюджет громади", "Доходи бюджету"}  # the private one is not listed
    assert [a.text for a in soup.select("#home-best li > a")] == ["Фінансове управління"]
    assert soup.select_one("form[role=search] label[for=home-search]") is not None


def test_home_in_english(app, portal):
    soup = soup_of(app, "/en/")
    assert soup.html["lang"] == "en"
    assert figure(soup, "Datasets").endswith("2")
    assert soup.select_one("#home-new-title").text == "New datasets"


def test_a_member_sees_their_private_dataset_among_the_new(app, portal):
    member = factories.UserWithToken()
    call_action("organization_member_create", id="finansy", username=member["name"], role="editor")
    soup = soup_of(app, "/", headers={"Authorization": member["token"]})
    assert "Службовий набір" in [a.text for a in soup.select("#home-new a")]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_an_empty_portal_has_a_home_page(app):
    soup = soup_of(app, "/")
    assert figure(soup, "Набори даних").endswith("0")
    assert "—" in figure(soup, "Відповіді на звернення")
    assert soup.select_one("#home-new").text.count("Поки що немає наборів даних") == 1


def test_the_header_has_three_menus_of_buttons(app, portal):
    soup = soup_of(app, "/dataset/")
    toggles = soup.select(".masthead .dropdown-toggle")
    assert [t.text.strip() for t in toggles][:3] == ["Дані", "Якість", "Участь"]
    assert all(t.name == "button" and t["aria-expanded"] == "false" for t in toggles)
    data_menu = soup.select_one("#chervonohrad-menu-data").find_parent("li")
    assert "active" in data_menu["class"]
    assert data_menu.select_one("a[aria-current=page]").text == "Набори даних"
    assert "Стати розпорядником" in soup.select_one(".masthead").text


def test_the_header_shows_the_portals_mark_and_name(app, portal):
    brand = soup_of(app, "/").select_one(".chervonohrad-brand")
    assert brand.img["src"].endswith("/chervonohrad/logo.svg") and brand.img["alt"] == ""
    assert "Львівської області" in brand.text
    assert app.get("/chervonohrad/logo.svg").status_code == 200


def test_english_pages_name_the_portal_in_english(app, portal):
    english = soup_of(app, "/en/")
    assert english.select_one(".chervonohrad-brand").text.strip() == "Lviv Oblast Local Open Data Portal"
    assert english.select_one("#home-title").text == "Lviv Oblast Local Open Data Portal"
    assert english.select_one(".lead").text.startswith("Open data of the hromadas of Lviv oblast")
    assert english.title.text.strip().endswith("Lviv Oblast Local Open Data Portal")
    search = soup_of(app, "/en/dataset/").title.text.strip()  # the page's own subtitle, then the name
    assert search.endswith(" - Lviv Oblast Local Open Data Portal") and search.startswith("Dataset")
    ukrainian = soup_of(app, "/")
    assert ukrainian.select_one("#home-title").text == "Локальний портал відкритих даних Львівської області"
    assert ukrainian.title.text.strip().endswith("Локальний портал відкритих даних Львівської області")


@pytest.mark.ckan_config("ckanext.chervonohrad.site_title_en", "")
@pytest.mark.ckan_config("ckanext.chervonohrad.site_description_en", "")
def test_a_portal_without_english_names_shows_its_own_everywhere(app, portal):
    """An existing portal's config has only CKAN's settings: its English pages keep them."""
    english = soup_of(app, "/en/")
    assert english.select_one("#home-title").text == "Локальний портал відкритих даних Львівської області"
    assert english.select_one(".lead").text.startswith("Відкриті дані громад Львівщини")
    assert english.title.text.strip().endswith("Локальний портал відкритих даних Львівської області")


@pytest.mark.ckan_config("ckan.site_logo", "/base/images/custom-mark.png")
def test_an_operators_logo_stays(app, portal):
    brand = soup_of(app, "/").select_one(".chervonohrad-brand")
    assert brand.img["src"].endswith("/base/images/custom-mark.png")


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_home_page_tells_the_news_and_the_approved_use_cases(app):
    from tests.hromada.officers import SHEPTYTSKA, act, publisher_in

    admin = factories.Sysadmin()
    transport = publisher_in(SHEPTYTSKA, "transport", title="Шептицькавтотранс")
    PassportDataset(name="zupynky", title="Зупинки", owner_org=transport["id"])
    act("chervonohrad_news_create", admin, title="Оприлюднено розклад автобусів", body="Новий набір даних.",
        hromada=SHEPTYTSKA, datasets=["zupynky"])
    for name, title in (("bot-rozklad", "Чат-бот «Де мій автобус?»"), ("mapa", "Мапа зупинок")):
        act("package_create", admin, type="showcase", name=name, title=title, notes="Про **зупинки**.",
            showcase_kind="chat_bot", author="ІТ-кластер", url="https://bot.example.ua", hromada=SHEPTYTSKA,
            showcase_datasets="zupynky")
    act("chervonohrad_showcase_decide", admin, id="bot-rozklad", decision="approve")

    soup = soup_of(app, "/")
    assert [a.text for a in soup.select("#home-news li > a")] == ["Оприлюднено розклад автобусів"]
    assert "Шептицька територіальна громада" in soup.select_one("#home-news li .text-muted").text
    # The proposal waiting for a decision is not on the front page.
    assert [a.text for a in soup.select("#home-use-cases li > a")] == ["Чат-бот «Де мій автобус?»"]
    assert "<strong>" not in str(soup.select_one("#home-use-cases"))
    english = soup_of(app, "/en/")
    assert english.select_one("#home-news-title").text == "News"
    assert english.select_one("#home-use-cases-title").text == "Use cases of the data"


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_an_empty_portal_says_there_is_no_news_and_no_use_case(app):
    soup = soup_of(app, "/")
    assert "Поки що немає новин" in soup.select_one("#home-news").text
    assert "Поки що немає застосувань" in soup.select_one("#home-use-cases").text
