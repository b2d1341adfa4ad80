"""The adoption report in real Chromium: a regional administrator filters by hromada, opens a
stock publisher and sees its datasets' findings (screenshots in var/screenshots/)."""
from __future__ import annotations

from ckan.tests import factories

from tests.adoption.conftest import COUNCIL
from tests.browser import PASSWORD, log_in


def test_a_regional_admin_reads_the_report(stock, live_server, page, screenshot):
    screenshot.page = page
    factories.User(name="oblast-coordinator", password=PASSWORD)  # a regional administrator in test.ini
    log_in(page, live_server, "oblast-coordinator")
    page.goto(live_server + "/open-data/adoption?hromada=all")
    assert page.locator("#adoption-publishers tbody tr").count() == 3
    screenshot("adoption-publishers")
    page.select_option("#hromada-select", COUNCIL)
    page.locator("#hromada-filter button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#adoption-publishers tbody tr").count() == 1
    page.goto(live_server + "/open-data/adoption?hromada=all")
    page.locator("#adoption-publishers tr[data-publisher=osvita] a").click()
    page.wait_for_load_state()
    assert page.locator("#adoption-datasets tbody tr").count() == 3
    assert page.locator("#adoption-datasets li[data-field=update_frequency]").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot("adoption-publisher")
