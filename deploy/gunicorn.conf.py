"""gunicorn's settings for the portal (`gunicorn -c deploy/gunicorn.conf.py`), read from the
environment so one file serves the demo and a production host:

  CKAN_INI          the portal's configuration (required)
  WEB_BIND          address to listen on (default 127.0.0.1:5000; behind nginx a unix socket too)
  WEB_WORKERS       worker processes (default 2 × cores + 1, at most 8)
  WEB_THREADS       threads per worker (default 1: CKAN's SQLAlchemy sessions are per thread,
                    more threads trade memory for concurrency on slow requests)
  WEB_TIMEOUT       seconds a request may take before its worker is replaced (default 120:
                    the audit's and the register's exports of a large oblast)
  WEB_ACCESS_LOG    access log file (default: none)

Each worker loads the app itself (no preload): database connections and Redis clients are
made in the process that uses them, never shared through a fork. Workers are replaced after
some requests (with jitter, so not all at once) to bound the memory a long-lived Python
process gathers."""
import multiprocessing
import os

wsgi_app = "deploy.wsgi:application"
chdir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bind = os.environ.get("WEB_BIND", "127.0.0.1:5000").split(",")
workers = int(os.environ.get("WEB_WORKERS") or min(8, 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("WEB_THREADS") or 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("WEB_TIMEOUT") or 120)
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
preload_app = False
accesslog = os.environ.get("WEB_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("WEB_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "chervonohrad-web"
