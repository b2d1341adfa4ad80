"""WCAG 2.1 AA on every public page: axe-core (bundled by axe-playwright-python, no network)
finds no serious or critical problem, in Ukrainian and English, on a laptop (1280 px) and a
phone (390 px), and no page scrolls sideways on the phone (WCAG 1.4.10, reflow)."""
from __future__ import annotations

import pytest

from ckan.tests import factories

from tests.factories import PassportDataset
from tests.hromada.officers import SHEPTYTSKA, act, publisher_in

WIDTHS = {"laptop": 1280, "phone": 390}
LANGUAGES = {"uk": "", "en": "/en"}
# The pages a visitor reaches, as paths after the language prefix.
PAGES = {
    "home": "/",
    "search": "/dataset/",
    "dataset": "/dataset/biudzhet-gromady",
    "organization": "/organization/finansy",
    "rating": "/publishers/rating",
    "dashboard": "/open-data/dashboard",
    "audit": "/open-data/audit",
    "hromadas": "/hromadas",
    "feedback-form": "/dataset/biudzhet-gromady/feedback",
    "registration-form": "/publisher/register",
    "login": "/user/login",
    "harvest": "/harvest",
    "use-cases": "/showcase/",
    "use-case": "/showcase/bot-rozklad",
    "news": "/news",
    "news-item": "/news/{news_id}",
    "materials": "/materials",
}
SERIOUS = ("serious", "critical")
# The deepest elements that reach past the screen's right edge, to name in a failure.
WIDEST = """() => {
  const past = e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5;
  return [...document.querySelectorAll('body *')].filter(e => past(e) && ![...e.children].some(past))
    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.'));
}"""


def make_portal():
    admin = factories.Sysadmin(name="a11y-admin")
    finance = publisher_in(SHEPTYTSKA, "finansy", title="Фінансове управління Шептицької міської ради")
    PassportDataset(name="biudzhet-gromady", title="Бюджет Шептицької міської територіальної громади",
                    owner_org=finance["id"])
    PassportDataset(name="dokhody", title="Доходи бюджету громади", owner_org=finance["id"],
                    list835_item="lsg-tax-revenues")
    act("package_create", admin, type="showcase", name="bot-rozklad", title="Чат-бот «Бюджет простими словами»",
        notes="Пояснює **бюджет** громади.", showcase_kind="chat_bot", author="ІТ-кластер",
        url="https://bot.example.ua", hromada=SHEPTYTSKA, showcase_datasets="biudzhet-gromady")
    act("chervonohrad_showcase_decide", admin, id="bot-rozklad", decision="approve")
    post = act("chervonohrad_news_create", admin, title="Оприлюднено бюджет громади на 2027 рік",
               body="Фінансове управління оприлюднило **бюджет**.\n\n- доходи\n- видатки",
               hromada=SHEPTYTSKA, datasets=["biudzhet-gromady"])
    return {"news_id": post["id"]}


@pytest.fixture(scope="module")
def _portal(restore_point):
    return restore_point(make_portal)


@pytest.fixture
def portal(_portal):
    return _portal.restore()


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _serious(results) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] if n["target"] else "?"
                                                                   for n in v["nodes"][:3])
            for v in results.response["violations"] if v.get("impact") in SERIOUS]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages_have_no_serious_accessibility_problem(portal, live_server, browser, axe, lang, width, screenshot):
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    screenshot.page = page
    found, wide = {}, {}
    try:
        for name, path in PAGES.items():
            response = page.goto(live_server + LANGUAGES[lang] + path.format(**portal))
            assert response.status == 200, f"{name}: HTTP {response.status}"
            assert page.locator("html").get_attribute("lang") == lang
            problems = _serious(axe.run(page))
            if problems:
                found[name] = problems
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > WIDTHS[width]:
                wide[name] = (scroll_width, page.evaluate(WIDEST))
            screenshot(f"a11y-{name}-{lang}-{width}")
    finally:
        context.close()
    assert not found, found
    assert not wide, f"pages wider than the {WIDTHS[width]} px screen: {wide}"
