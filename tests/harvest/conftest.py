"""A second, real CKAN for the harvest tests: config/source-portal.ini served by `ckan run` on a
free port, with its own database (`ckan_source_test` on the tests' PostgreSQL server), its own
site id in the `ckan_source` Solr core, seeded through its API; and helpers to run harvests."""
from __future__ import annotations

import os
import socket
from urllib.parse import urlparse, urlunparse

import pytest

from ckanext.chervonohrad.passport import rules
from tests.harvest import source_portal

LOG = os.path.join(source_portal.ROOT, "var", "log", "source-portal-test.log")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def valid_edrpou(seed: int) -> str:
    """The first valid EDRPOU code at or after `seed` (8 digits)."""
    number = seed
    while not rules.edrpou_is_valid(f"{number:08d}"):
        number += 1
    return f"{number:08d}"


@pytest.fixture(scope="session")
def source_portal_env():
    from ckan.common import config

    main = urlparse(config["sqlalchemy.url"])
    port = free_port()
    return port, {
        "CKAN_SQLALCHEMY_URL": urlunparse(main._replace(path="/ckan_source_test")),
        "CKAN_SITE_ID": "chervonohrad-source-test",
        "CKAN_SITE_URL": f"http://127.0.0.1:{port}",
        "CKAN_REDIS_URL": config["ckan.redis.url"],
    }


@pytest.fixture(scope="session")
def source(source_portal_env):
    """The running source portal, emptied and seeded once per session (`source.seed()` puts
    the seed back after a test changed it)."""
    port, env = source_portal_env
    source_portal.reset(env=env)
    token = source_portal.admin_token(env=env)
    os.makedirs(os.path.dirname(LOG), exist_ok=True)
    process = source_portal.start(port, env=env, log_path=LOG)
    try:
        source_portal.wait_until_up(env["CKAN_SITE_URL"], process=process)
        portal = source_portal.Portal(env["CKAN_SITE_URL"], token)
        portal.seed()
        yield portal
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except Exception:
            process.kill()
