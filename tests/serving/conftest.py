"""Web nodes as production serves the portal: gunicorn processes (deploy/gunicorn.conf.py) on this
test session's database, Solr core, Redis and storage, started once per test session."""
from __future__ import annotations

import os
import tempfile

import pytest

from bench import servers
from tests import ROOT, suite_ini

PER_IP = 3  # the feedback limit per visitor the nodes run with


@pytest.fixture(scope="session")
def node_ini():
    """This session's configuration with the feedback limits the tests count against."""
    fd, ini = tempfile.mkstemp(prefix="web-node-", suffix=".ini")
    with os.fdopen(fd, "w") as f:
        f.write(f"""[app:main]
use = config:{suite_ini()}
ckanext.chervonohrad.feedback_rate_limit_per_ip = {PER_IP}
ckanext.chervonohrad.feedback_rate_limit_per_email = 0
ckanext.chervonohrad.feedback_rate_limit_per_dataset = 0
ckanext.chervonohrad.captcha_provider =
ckanext.chervonohrad.trusted_proxies = 1
""")
    yield ini
    os.unlink(ini)


@pytest.fixture(scope="session")
def nodes(node_ini):
    """Two gunicorns (two workers each): the base URLs of node A and node B."""
    logs = os.path.join(ROOT, "var", "log")
    with servers.serving("gunicorn", node_ini, servers.free_port(), workers=2,
                         log_path=os.path.join(logs, f"test-node-a-{os.getpid()}.log")) as a, \
            servers.serving("gunicorn", node_ini, servers.free_port(), workers=2,
                            log_path=os.path.join(logs, f"test-node-b-{os.getpid()}.log")) as b:
        yield a, b
