"""deploy/nginx/chervonohrad.conf as shipped: nginx accepts it (`nginx -t`), and in front of a web
node it serves the portal, with the visitor's address passed on (the feedback limit counts the
visitor, not nginx). Needs Debian's nginx (scripts/install.sh installs it)."""
from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest
import requests

from bench import servers
from tests import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SHIPPED = os.path.join(ROOT, "deploy", "nginx", "chervonohrad.conf")
pytestmark = pytest.mark.skipif(not os.path.exists(NGINX), reason="nginx is not installed (make install)")


def main_conf(tmp_path, site: str) -> str:
    """An nginx.conf of its own (pid, logs, temp files under tmp_path) that includes `site`."""
    for name in ("client", "proxy"):
        (tmp_path / name).mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"""
daemon off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {tmp_path}/access.log;
    client_body_temp_path {tmp_path}/client;
    proxy_temp_path {tmp_path}/proxy;
    include {site};
}}
""")
    return str(conf)


def test_nginx_accepts_the_shipped_file(tmp_path):
    done = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", main_conf(tmp_path, SHIPPED)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr


def test_nginx_in_front_of_a_node_serves_the_portal(tmp_path, nodes):
    node = nodes[0].removeprefix("http://")
    port = servers.free_port()
    with open(SHIPPED) as f:  # the shipped file with the test's ports, nothing else changed
        site = f.read().replace("listen 80;", f"listen 127.0.0.1:{port};").replace("127.0.0.1:5000", node)
    (tmp_path / "site.conf").write_text(site)
    proxy = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", main_conf(tmp_path, str(tmp_path / "site.conf"))],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(50):
            try:
                page = requests.get(f"http://127.0.0.1:{port}/", timeout=30)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        assert page.status_code == 200 and "<html" in page.text
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        stylesheet = requests.get(f"http://127.0.0.1:{port}/base/images/ckan-logo.png", timeout=30)
        assert stylesheet.status_code == 200 and stylesheet.headers["Cache-Control"].startswith("max-age=")
    finally:
        proxy.terminate()
        proxy.wait(timeout=30)
