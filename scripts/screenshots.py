#!/usr/bin/env python
"""Screenshots of the running portal's pages in headless Chromium, for a person to look at.

Usage: .venv/bin/python scripts/screenshots.py [--login USER:PASSWORD] [--width 1280] PATH [PATH ...]
Each PATH (e.g. /dataset or /en/dataset/x) is saved as var/screenshots/portal<path>.png.
"""
from __future__ import annotations

import argparse
import os
import re

from playwright.sync_api import sync_playwright

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--base", default="http://127.0.0.1:" + os.environ.get("CHERVONOHRAD_WEB_PORT", "5000"))
    parser.add_argument("--login", help="USER:PASSWORD")
    parser.add_argument("--width", type=int, default=1280)
    options = parser.parse_args()
    out = os.path.join(ROOT, "var", "screenshots")
    os.makedirs(out, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": options.width, "height": 900})
        if options.login:
            user, password = options.login.split(":", 1)
            page.goto(options.base + "/user/login")
            page.fill("#field-login", user)
            page.fill("#field-password", password)
            page.click("form.form-horizontal button[type=submit], form button.btn-primary")
            page.wait_for_load_state()
        for path in options.paths:
            page.goto(options.base + path)
            name = "portal" + re.sub(r"[^A-Za-z0-9]+", "-", path).rstrip("-") + f"-{options.width}.png"
            page.screenshot(path=os.path.join(out, name), full_page=True)
            print(os.path.join(out, name))
        browser.close()


if __name__ == "__main__":
    main()
