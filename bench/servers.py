"""The two ways the benches serve the portal, started from one configuration on a free port:
`dev` — CKAN's development server (`ckan run --threaded`, `make dev`) — and `gunicorn` — the
production server `make demo` uses (deploy/gunicorn.conf.py, WEB_WORKERS processes, static
files by WhiteNoise). Each benchmark runs against both in one run and prints them side by side."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)
KINDS = ("dev", "gunicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command(kind: str, ini: str, port: int, workers: int) -> tuple[list[str], dict[str, str]]:
    if kind == "dev":
        return ([os.path.join(BIN, "ckan"), "-c", ini, "run", "--host", "127.0.0.1", "--port", str(port),
                 "--disable-reloader", "--threaded"], {})
    return ([os.path.join(BIN, "gunicorn"), "-c", os.path.join(ROOT, "deploy", "gunicorn.conf.py")],
            {"CKAN_INI": ini, "WEB_BIND": f"127.0.0.1:{port}", "WEB_WORKERS": str(workers)})


def wait_for(url: str, server: subprocess.Popen, timeout: float = 180) -> None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if server.poll() is not None:
            raise SystemExit(f"the portal exited with {server.returncode}")
        try:
            if requests.get(url + "/api/3/action/status_show", timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit("the portal did not start")


@contextlib.contextmanager
def serving(kind: str, ini: str, port: int, workers: int = 4, log_path: str | None = None) -> Iterator[str]:
    """The portal served by `kind` on `port` for the block; yields its base URL. The server's log
    goes to a file (an unread pipe would fill up and stall it): `log_path`, kept, or a temporary
    one, removed when all went well."""
    args, env = command(kind, ini, port, workers)
    log = (open(log_path, "wb") if log_path  # noqa: SIM115
           else tempfile.NamedTemporaryFile(prefix=f"bench-{kind}-", suffix=".log", delete=False))  # noqa: SIM115
    server = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base, server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
    if not log_path:
        os.unlink(log.name)


def describe(kind: str, workers: int) -> str:
    return "ckan run --threaded (dev)" if kind == "dev" else f"gunicorn, {workers} workers"
