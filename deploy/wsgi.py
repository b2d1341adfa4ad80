"""The portal as a WSGI application, for gunicorn (deploy/gunicorn.conf.py) or any WSGI server.

CKAN's own recipe (its wsgi.py: the configuration CKAN_INI names, its logging, `make_app`), with
the static files — CKAN's public folder, every plugin's, and the built webassets — answered by
WhiteNoise before CKAN: from files read at start-up, compressed when the browser accepts it,
with cache headers (the webassets' hashed names cached for a year), so no worker runs a Flask
request for a stylesheet. Behind nginx the same paths may be served by nginx itself
(deploy/nginx/chervonohrad.conf); WhiteNoise then answers nothing.
"""
from __future__ import annotations

import configparser
import logging
import os
import re
from logging.config import fileConfig

from whitenoise import WhiteNoise

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

CONFIG = os.environ.get("CKAN_INI")
if not CONFIG or not os.path.exists(CONFIG):
    raise RuntimeError(f"CKAN_INI must name the portal's configuration file (got {CONFIG!r})")

_sections = configparser.ConfigParser(interpolation=None)
_sections.read(CONFIG)
if _sections.has_section("loggers"):  # a file that only `use`s another may have no logging of its own
    fileConfig(CONFIG, disable_existing_loggers=False)
else:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)-5.5s [%(name)s] %(message)s")
_ckan = make_app(CKANConfigLoader(CONFIG).get_config())

HASHED = re.compile(r"^/webassets/.+/[0-9a-f]{8}_[^/]+$")  # CKAN's built assets: the name changes with the content
PUBLIC_MAX_AGE = 3600  # other public files keep their names across releases


def _public_folders() -> list[str]:
    """The folders CKAN serves at /, the first found wins (as CKAN's own static route)."""
    import ckan
    from ckan.common import config

    extra = [p for p in (config.get("extra_public_paths") or "").split(",") if p]
    base = os.path.join(os.path.dirname(os.path.abspath(ckan.__file__)), config.get("ckan.base_public_folder"))
    return extra + list(config.get("plugin_public_paths") or []) + [base]


def _static(app):
    from ckan.common import config
    from ckan.lib.webassets_tools import get_webassets_path

    served = WhiteNoise(app, max_age=PUBLIC_MAX_AGE, immutable_file_test=lambda path, url: bool(HASHED.match(url)),
                        add_headers_function=lambda headers, path, url: headers.setdefault(
                            "X-Content-Type-Options", "nosniff"))
    # WhiteNoise lets a later folder replace an earlier one's file: add them lowest priority first.
    for folder in reversed(_public_folders()):
        if os.path.isdir(folder):
            served.add_files(folder, prefix="/")
    webassets = get_webassets_path()
    if os.path.isdir(webassets):
        served.add_files(webassets, prefix=config.get("ckan.webassets.url").rstrip("/") + "/")
    return served


application = _static(_ckan)
