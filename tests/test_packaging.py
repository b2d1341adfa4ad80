"""What the wheel an operator installs carries: everything the portal needs at run time (templates,
catalogues, schemas, the Solr configset), and nothing of the suite or its development tools."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from tests import ROOT


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    # A copy of the checkout, so the build leaves nothing behind in it (build/, egg-info).
    src = out / "src"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", ROOT, str(src)], check=True)
    subprocess.run(["git", "-C", str(src), "checkout", "-q", "--detach"], check=True)
    # Files not yet committed are what is being tested: copy the working tree over the clone.
    subprocess.run(["cp", "-a", os.path.join(ROOT, "ckanext"), os.path.join(ROOT, "setup.py"),
                    os.path.join(ROOT, "setup.cfg"), os.path.join(ROOT, "MANIFEST.in"), str(src)], check=True)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(src)], check=True, capture_output=True, timeout=300)
    [wheel] = [name for name in os.listdir(out) if name.endswith(".whl")]
    with zipfile.ZipFile(out / wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_carries_what_the_portal_runs_on(wheel_names):
    package = "ckanext/chervonohrad/"
    for needed in ("plugin.py", "config_declaration.yaml", "schemas/dataset.yaml", "solr/conf/solrconfig.xml",
                   "i18n/uk/LC_MESSAGES/ckanext-chervonohrad.mo", "templates/chervonohrad/performance/rating.html",
                   "migration/chervonohrad/env.py", "performance/rating.py", "search/index.py"):
        assert package + needed in wheel_names, needed


def test_the_wheel_carries_no_tests_and_no_development_tools(wheel_names):
    assert not [n for n in wheel_names if n.startswith("tests/") or "/tests/" in n]
    assert not [n for n in wheel_names if "source_portal" in n or "source_seed" in n]
