"""The dashboard and the audit in real Chromium: the charts render at desktop and phone
widths without the page overflowing sideways (screenshots in var/screenshots/), and the
audit page filters by publisher."""
from __future__ import annotations

import pytest

CHARTS = ("#published-chart", "#compliance-history-table", "#coverage-chart", "#overdue-chart", "#feedback-chart",
          "#suggestions-chart", "#quality-chart-1")


@pytest.mark.parametrize("width,height,name", [(1280, 900, "desktop"), (390, 844, "phone")])
def test_the_dashboard_renders_its_charts(busy_portal, live_server, browser, screenshot, width, height, name):
    for lang in ("", "/en"):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="uk-UA")
        page = context.new_page()
        screenshot.page = page
        page.goto(live_server + lang + "/open-data/dashboard")
        for selector in CHARTS:
            box = page.locator(selector).bounding_box()
            least = 0.6 * width if width < 1000 else 300  # full width on a phone, half a row or more on a desktop
            assert box and box["width"] > least and box["height"] > 20, selector
        assert page.locator("#chart-compliance svg").count() == 1
        assert page.locator("#suggestions-chart rect").count() == 2
        # Nothing sticks out sideways on a phone: the charts scale, wide tables scroll inside.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        screenshot(f"reports-dashboard-{name}{'-en' if lang else ''}")
        context.close()


def test_the_audit_filters_by_publisher(busy_portal, live_server, page, screenshot):
    page.goto(live_server + "/open-data/audit")
    assert page.locator("#audit-publishers tbody tr").count() == 3
    screenshot("reports-audit-all")
    page.select_option("#audit-publisher", "water")
    page.locator("#audit-filter button[type=submit]").click()
    page.wait_for_load_state()
    assert "publisher=water" in page.url
    assert page.locator("h1").inner_text().endswith("Водоканал")
    assert page.locator("#audit-items tbody tr").count() == 51
    assert page.locator("#item-all-org-structure").get_attribute("data-status") == "published"
    assert page.locator("#audit-items tr[data-status=missing]").count() == 50
    assert page.locator("#item-lsg-budget").count() == 0  # does not apply to a communal enterprise
    screenshot("reports-audit-water")
