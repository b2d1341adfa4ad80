"""The second, stock CKAN (config/source-portal.ini) that harvesting is shown and tested with:
reset its database, start `ckan run`, make an API token, seed data.gov.ua-shaped datasets
through its action API. Used by the harvest tests' fixture and by scripts/source-portal.sh.

    python -m tests.harvest.source_portal seed --url http://127.0.0.1:5001 --ini config/source-portal.ini
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from typing import Any

import requests

HERE = os.path.dirname(__file__)
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
INI = os.path.join(ROOT, "config", "source-portal.ini")
SEED = os.path.join(HERE, "source_seed.json")
CKAN = os.path.join(os.path.dirname(sys.executable), "ckan")
ADMIN = "source-admin"


def load_seed() -> dict[str, Any]:
    with open(SEED, encoding="utf-8") as f:
        return json.load(f)


def ckan(ini: str, *args: str, env: dict[str, str] | None = None, timeout: int = 180, input: str = "") -> str:
    """Run a `ckan` command against the source portal; its stdout, or an error with its stderr."""
    done = subprocess.run([CKAN, "-c", ini, *args], env={**os.environ, **(env or {})}, capture_output=True,
                          text=True, timeout=timeout, input=input)
    if done.returncode != 0:
        raise RuntimeError(f"ckan {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def reset(ini: str = INI, env: dict[str, str] | None = None) -> None:
    """An empty database and search index (of this site id) for the source portal."""
    ckan(ini, "db", "clean", "--yes", env=env)
    ckan(ini, "db", "init", env=env)
    ckan(ini, "search-index", "clear", env=env)


def admin_token(ini: str = INI, env: dict[str, str] | None = None) -> str:
    """A sysadmin's API token on the source portal (the sysadmin is made when missing)."""
    ckan(ini, "sysadmin", "add", ADMIN, "email=source-admin@source.example", "password=Source-Portal-2025",
         env=env, input="y\n")
    output = ckan(ini, "user", "token", "add", ADMIN, "harvest-seed", env=env)
    return output.strip().splitlines()[-1].strip()


def start(port: int, ini: str = INI, env: dict[str, str] | None = None, log_path: str | None = None):
    """`ckan run` on 127.0.0.1:port as a child process (the caller stops it)."""
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115 (closed with the process)
    return subprocess.Popen([CKAN, "-c", ini, "run", "-H", "127.0.0.1", "-p", str(port), "--disable-reloader"],
                            env={**os.environ, **(env or {})}, stdout=out, stderr=out)


def wait_until_up(url: str, seconds: float = 90, process=None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the source portal exited with {process.returncode}")
        try:
            if requests.get(f"{url}/api/3/action/status_show", timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the source portal did not answer at {url} within {seconds} s")


class Portal:
    """The source portal's action API, as its sysadmin."""

    def __init__(self, url: str, token: str):
        self.url = url.rstrip("/")
        self.token = token

    def action(self, name: str, /, **data: Any) -> Any:
        response = requests.post(f"{self.url}/api/3/action/{name}", json=data,
                                 headers={"Authorization": self.token}, timeout=60)
        answer = response.json()
        if not answer.get("success"):
            raise RuntimeError(f"{name} failed: {answer.get('error')}")
        return answer["result"]

    def seed(self, seed: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
        """The seed's organizations and datasets, created or brought back to the seed's
        content (idempotent); returns the datasets by name."""
        seed = seed or load_seed()
        for organization in seed["organizations"]:
            try:
                existing = self.action("organization_show", id=organization["name"])
                self.action("organization_update", id=existing["id"], **organization)
            except RuntimeError:
                self.action("organization_create", **organization)
        datasets = {}
        for dataset in seed["datasets"]:
            try:
                existing = self.action("package_show", id=dataset["name"])
                datasets[dataset["name"]] = self.action("package_update", id=existing["id"], state="active",
                                                        **dataset)
            except RuntimeError:
                datasets[dataset["name"]] = self.action("package_create", **dataset)
        return datasets

    def publish_file(self, dataset: str, organization: str, filename: str, content: bytes,
                     title: str = "DCAT catalogue") -> str:
        """`content` uploaded as the only resource of dataset `dataset` (made in `organization`
        when missing, its earlier file replaced); the address this portal serves it at (the
        DCAT harvest tests serve another portal's /catalog.ttl from here)."""
        try:
            existing = self.action("package_show", id=dataset)
        except RuntimeError:
            existing = self.action("package_create", name=dataset, title=title, owner_org=organization)
        for resource in existing.get("resources") or []:
            self.action("resource_delete", id=resource["id"])
        response = requests.post(f"{self.url}/api/3/action/resource_create",
                                 data={"package_id": existing["id"], "name": filename},
                                 files={"upload": (filename, content)},
                                 headers={"Authorization": self.token}, timeout=60)
        answer = response.json()
        if not answer.get("success"):
            raise RuntimeError(f"resource_create failed: {answer.get('error')}")
        return answer["result"]["url"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("seed", "token"))
    parser.add_argument("--url", default="http://127.0.0.1:5001")
    parser.add_argument("--ini", default=INI)
    args = parser.parse_args(argv)
    token = admin_token(args.ini)
    if args.command == "token":
        print(token)
        return
    datasets = Portal(args.url, token).seed()
    print(f"seeded {len(datasets)} datasets at {args.url}: {', '.join(datasets)}")


if __name__ == "__main__":
    main()
