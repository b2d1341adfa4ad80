"""Background-job plumbing shared by the rooms.

The heartbeat lets an operator (and the test suite) see that a worker really
consumes CKAN's Redis queue: the job stamps the time it ran into Redis.
"""
from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

HEARTBEAT_KEY = "ckanext-chervonohrad:worker-heartbeat"


def record_heartbeat(token: str = "") -> str:
    """Runs inside a worker: store when it ran (and the caller's token)."""
    now = dt.datetime.now(dt.UTC).isoformat()
    connect_to_redis().hset(HEARTBEAT_KEY, mapping={"at": now, "token": token})
    return now


def enqueue_heartbeat(token: str = "") -> str:
    """Queue a heartbeat on the default queue; returns the job id."""
    job = tk.enqueue_job(record_heartbeat, [token], title="chervonohrad heartbeat")
    return job.id


def last_heartbeat() -> tuple[dt.datetime | None, str]:
    """When a worker last ran the heartbeat, and with which token."""
    stored = connect_to_redis().hgetall(HEARTBEAT_KEY)
    if not stored:
        return None, ""
    decoded = {k.decode(): v.decode() for k, v in stored.items()}
    return dt.datetime.fromisoformat(decoded["at"]), decoded.get("token", "")
