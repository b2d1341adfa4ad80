"""The news in real Chromium: a council officer writes a news item (Markdown, a dataset, a
script that must not run), it shows on /news and its own page; a visitor reads it on a
phone-sized screen without sideways scrolling. Screenshots in var/screenshots/news-*.png."""
from __future__ import annotations

from tests.browser import log_in
from tests.news.conftest import SHEPTYTSKA

BODY = ("Оприлюднили **бюджет громади** на 2026 рік.\n\n* доходи\n* видатки\n\n"
        "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">"
        " [мапа](javascript:window.pwned=3)")


def test_an_officer_writes_and_a_visitor_reads(world, live_server, page, screenshot, browser):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    log_in(page, live_server, "officer-a")
    page.goto(live_server + "/news")
    page.locator("#news-write").click()
    page.wait_for_load_state()
    assert page.locator("#field-news-hromada").input_value() == SHEPTYTSKA
    page.fill("#field-news-title", "Бюджет громади — у відкритих даних")
    page.fill("#field-news-datasets", "biudzhet-2026\nzupynky")
    page.fill("#field-news-body", "")
    page.locator("#news-form button[name=save]").click()  # the body is missing: the form comes back
    page.wait_for_load_state()
    assert page.locator(".error-explanation").is_visible()
    screenshot("news-1-form-error")
    page.fill("#field-news-body", BODY)
    screenshot("news-2-form")
    page.locator("#news-form button[name=save]").click()
    page.wait_for_load_state()
    assert page.locator("#news-body strong").inner_text() == "бюджет громади"
    assert page.locator(".news-datasets a").count() == 2
    assert page.evaluate("window.pwned === undefined")
    screenshot("news-3-post")
    page.goto(live_server + "/news")
    assert page.locator(".news-item").count() == 1
    screenshot("news-4-list-1280")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="uk-UA")
    visitor = phone.new_page()
    screenshot.page = visitor
    try:
        for path, name in (("/news", "news-5-list-390"), (visitor_url(page), "news-6-post-390")):
            visitor.goto(live_server + path)
            assert visitor.evaluate("document.documentElement.scrollWidth") <= 390, path
            assert visitor.evaluate("window.pwned === undefined")
            screenshot(name)
        visitor.goto(live_server + "/en/news")
        assert visitor.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot("news-7-list-en-390")
    finally:
        phone.close()
    assert dialogs == []


def visitor_url(page) -> str:
    """The path of the first post listed on the officer's page."""
    return page.locator(".news-item h2 a").first.get_attribute("href")
