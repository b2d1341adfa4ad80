"""Running harvests from the tests the way `ckan harvester run-test` does (gather, fetch and
import in this process), and reading what they did."""
from __future__ import annotations

import json

from ckanext.harvest import queue
from ckanext.harvest.model import HarvestJob, HarvestObject
from ckanext.harvest.tests.lib import run_harvest_job

import ckan.plugins.toolkit as tk
from ckan import model


def sysadmin_context():
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def create_source(name, url, owner_org, config=None):
    return tk.get_action("harvest_source_create")(sysadmin_context(), {
        "name": name, "title": name, "url": url, "source_type": "chervonohrad_ckan", "owner_org": owner_org,
        "frequency": "MANUAL", "config": json.dumps(config, ensure_ascii=False) if config is not None else "",
    })


def set_config(source, config):
    tk.get_action("harvest_source_patch")(sysadmin_context(), {
        "id": source["id"], "config": json.dumps(config, ensure_ascii=False)})


def run(source):
    """One harvest job of `source`, to the end; its job dict, report and objects by guid."""
    job = tk.get_action("harvest_job_create")(sysadmin_context(), {"source_id": source["id"], "run": False})
    run_harvest_job(HarvestJob.get(job["id"]), queue.get_harvester("chervonohrad_ckan"))
    model.Session.remove()
    job = tk.get_action("harvest_job_show")(sysadmin_context(), {"id": job["id"]})
    report = tk.get_action("harvest_job_report")(sysadmin_context(), {"id": job["id"]})
    objects = {o.guid: o for o in model.Session.query(HarvestObject).filter_by(harvest_job_id=job["id"])}
    return job, report, objects


def errors_of(report, guid):
    return [e["message"] for o in report["object_errors"].values() if o["guid"] == guid for e in o["errors"]]


def local(package_id):
    return tk.get_action("package_show")({"ignore_auth": True, "use_cache": False}, {"id": package_id})
