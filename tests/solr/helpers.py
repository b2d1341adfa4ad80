"""Shared by the Solr tests: CKAN commands against the suite's configuration with another solr_url,
and cores of our own on the shared Solr node (created here, unloaded with their files afterwards)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from dataclasses import dataclass

import requests

from tests import ROOT, suite_ini


def solr_base(core_url: str) -> str:
    """http://host:port/solr from a core's URL."""
    return core_url.rstrip("/").rsplit("/", 1)[0]


def ini_with(tmp_path, **options: str) -> str:
    """A configuration file that is the suite's with some options changed."""
    source = os.path.abspath(suite_ini())
    with open(source, encoding="utf-8") as f:
        text = f.read()
    # Logging sections are not inherited through `use = config:`.
    logging = text[text.index("[loggers]"):] if "[loggers]" in text else ""
    lines = ["[app:main]", f"use = config:{source}", *(f"{k} = {v}" for k, v in options.items()), "", logging]
    path = tmp_path / "solr-test.ini"
    path.write_text("\n".join(lines), encoding="utf-8")
    return str(path)


def run_ckan(ini: str, *args: str) -> subprocess.CompletedProcess:
    ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
    return subprocess.run([ckan, "-c", ini, *args], capture_output=True, text=True, timeout=180, cwd=ROOT)


@dataclass
class Done:
    """A finished command as subprocess.run reports it: exit status, standard output and error."""

    returncode: int
    stdout: str
    stderr: str


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def solr_home(base: str) -> str:
    return requests.get(base + "/admin/info/system", params={"wt": "json"}, timeout=10).json()["solr_home"]


def new_core_name() -> str:
    return f"chervonohrad_configset_{uuid.uuid4().hex[:8]}"


def create_core(base: str, name: str, instance_dir: str) -> None:
    answer = requests.get(base + "/admin/cores", params={
        "action": "CREATE", "name": name, "instanceDir": instance_dir, "wt": "json"}, timeout=120)
    assert answer.status_code == 200, answer.text


def unload_core(base: str, name: str) -> None:
    requests.get(base + "/admin/cores", params={
        "action": "UNLOAD", "core": name, "deleteInstanceDir": "true", "wt": "json"}, timeout=60)
