"""Loads the demo portal from demo.yaml: hromadas' publishers, their users, and datasets
named after Resolution 835's list, each with CSV files uploaded into CKAN's own storage.

Everything goes through CKAN's action API, so the demo exercises the same validation
and indexing as a publisher's form. `reset=True` purges what a previous load made first.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from typing import Any

import yaml
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search

from ckanext.chervonohrad.common import extras
from ckanext.chervonohrad.demo import materials, news, showcase
from ckanext.chervonohrad.hromada import vocabulary
from ckanext.chervonohrad.quality import scoring

log = logging.getLogger(__name__)

DEMO_DIR = os.path.dirname(__file__)
DEMO_PASSWORD = "Demo-Chervonohrad-2025"
SYSADMIN = {"name": "admin", "email": "admin@opendata-lviv.example", "fullname": "Адміністратор порталу"}

# Keys of demo.yaml entries that describe the demo itself, not CKAN fields.
_DATASET_META = {"resources", "tags", "last_updated_days_ago"}
_ORG_META = {"hromada_name"}


def _api_values(entry: dict[str, Any], leave_out: tuple[str, ...] | set[str] = ()) -> dict[str, Any]:
    """An entry of demo.yaml as the action API takes it: YAML's dates become ISO strings."""
    return {k: v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v
            for k, v in entry.items() if k not in leave_out}


def read_demo() -> dict[str, Any]:
    with open(os.path.join(DEMO_DIR, "demo.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def _context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def load(reset: bool = False, now: dt.datetime | None = None) -> dict[str, int]:
    """Create (or with `reset`, recreate) the demo content; returns counts."""
    demo = read_demo()
    now = now or dt.datetime.utcnow()
    if reset:
        purge(demo)
    ensure_sysadmin()
    users = [ensure_user(u) for u in demo.get("users", [])]
    orgs = [ensure_organization(o, demo) for o in demo["organizations"]]
    officers = [tk.get_action("chervonohrad_hromada_officer_add")(_context(), entry)
                for entry in demo.get("council_officers", [])]
    datasets = 0
    for entry in demo["datasets"]:
        if _exists("package_show", entry["name"]):
            continue
        create_dataset(entry, now)
        datasets += 1
    applications = sum(ensure_application(entry) for entry in demo.get("applications", []))
    snapshots = ensure_quality_history(demo.get("quality") or {})
    feedback, suggestions = ensure_feedback(demo.get("feedback") or [], demo.get("suggestions") or [], now)
    ensure_reports(demo.get("reports") or {}, demo["datasets"], now)
    showcases = showcase.load(now)
    forget_stale_documents()
    return {"users": len(users), "officers": len(officers), "organizations": len(orgs), "datasets": datasets,
            "applications": applications,
            "snapshots": snapshots, "feedback": feedback, "suggestions": suggestions, "showcases": showcases,
            "news": news.load(now), "materials": materials.load(now)}


def forget_stale_documents() -> list[str]:
    """Remove from the index the documents of datasets the database does not hold, and return
    their ids: a demo database made again (after a run on an older CKAN, say) leaves the last
    load's documents in its core, and search and the home page would list each dataset once
    per load."""
    from ckan.lib import search

    held = {package_id for (package_id,) in model.Session.query(model.Package.id)}
    indexed = search.query_for(model.Package).get_all_entity_ids(max_results=len(held) + 100_000)
    stale = sorted(set(indexed) - held)
    for package_id in stale:
        search.clear(package_id)
    return stale


def ensure_quality_history(quality: dict[str, Any]) -> int:
    """The demo's earlier quarters (see demo.yaml) and assessments; quarters already stored
    are left alone. Returns the number of quarters added."""
    from ckanext.chervonohrad.performance.model import Snapshot

    added = 0
    for quarter, publishers in (quality.get("snapshots") or {}).items():
        if model.Session.query(Snapshot).filter_by(quarter=quarter).count():
            continue
        # Totals weighted by datasets, for the council and for each publisher's hromada.
        totals: dict[tuple[str, str | None, str | None], dict[str, float]] = {}
        for name, (datasets, avg_score, meets_share, on_time_share) in publishers.items():
            org = model.Group.get(name)
            model.Session.add(Snapshot(quarter=quarter, scope=org.id, name=org.name, title=org.title,
                                       datasets=datasets, avg_score=avg_score, meets_share=meets_share,
                                       on_time_share=on_time_share, taken_at=dt.datetime.utcnow()))
            code = extras.of(org).get("hromada")
            for scope in (("council", None, None), (f"hromada:{code}", code, vocabulary.label(code))):
                total = totals.setdefault(scope, {"datasets": 0, "score": 0.0, "meets": 0.0, "on_time": 0.0})
                for key, value in (("datasets", 1), ("score", avg_score), ("meets", meets_share),
                                   ("on_time", on_time_share)):
                    total[key] += datasets * value
        for (scope, name, title), total in totals.items():
            count = total["datasets"] or 1
            model.Session.add(Snapshot(quarter=quarter, scope=scope, name=name, title=title,
                                       datasets=total["datasets"], avg_score=round(total["score"] / count, 1),
                                       meets_share=round(total["meets"] / count, 1),
                                       on_time_share=round(total["on_time"] / count, 1),
                                       taken_at=dt.datetime.utcnow()))
        added += 1
    model.Session.commit()
    for entry in quality.get("assessments") or []:
        tk.get_action("chervonohrad_performance_assessment_create")(
            _context(), {"id": entry["organization"], "quarter": entry["quarter"], "points": entry["points"],
                         "comment": entry.get("comment", "")})
    return added


def ensure_feedback(feedback: list[dict[str, Any]], suggestions: list[dict[str, Any]],
                    now: dt.datetime) -> tuple[int, int]:
    """The demo's feedback (sent as visitors, handled as the publishers' users) and dataset
    suggestions with votes and decisions; entries already there are left alone. Returns
    how many of each were added."""
    from ckanext.chervonohrad.feedback.model import Feedback, FeedbackEvent, Suggestion

    added = 0
    for entry in feedback:
        package = model.Package.get(entry["dataset"])
        if package is None or model.Session.query(Feedback).filter_by(
                package_id=package.id, message=entry["message"]).first():
            continue
        resource = next((r for r in package.resources if r.name == entry.get("resource")), None)
        data = {k: entry[k] for k in ("category", "message", "name", "email") if entry.get(k)}
        item = tk.get_action("chervonohrad_feedback_create")(
            {"user": None, "ignore_auth": True},
            dict(data, package_id=package.id, consent=True, **({"resource_id": resource.id} if resource else {})))
        for step in entry.get("steps") or []:
            context = {"user": step["by"]}
            if step["action"] == "answer":
                tk.get_action("chervonohrad_feedback_answer")(
                    context, {"id": item["id"], "answer": step["text"], "publish": step.get("publish", False)})
            else:
                tk.get_action("chervonohrad_feedback_update_status")(context, {
                    "id": item["id"], "status": step["status"], "reject_reason": step.get("reject_reason")}
                    if step.get("reject_reason") else {"id": item["id"], "status": step["status"]})
        row = model.Session.get(Feedback, item["id"])
        row.created = now - dt.timedelta(days=entry.get("days_ago", 0))
        responded = row.created + dt.timedelta(hours=entry.get("respond_hours", 1))
        if row.first_response_at is not None:
            row.first_response_at = responded
        for event in model.Session.query(FeedbackEvent).filter_by(feedback_id=row.id):
            event.created = responded
        model.Session.commit()
        added += 1
    created = 0
    for entry in suggestions:
        if model.Session.query(Suggestion).filter_by(title=entry["title"]).first():
            continue
        fields = {k: entry[k] for k in ("title", "description", "reason", "list835_item", "name", "email")
                  if entry.get(k)}
        suggestion = tk.get_action("chervonohrad_feedback_suggestion_create")(_context(), dict(fields, consent=True))
        for voter in entry.get("votes") or []:
            tk.get_action("chervonohrad_feedback_suggestion_vote")({"user": voter}, {"id": suggestion["id"]})
        decision = entry.get("decision")
        if decision:
            tk.get_action("chervonohrad_feedback_suggestion_update_status")(_context(), {
                "id": suggestion["id"], "status": decision["status"], "reason": decision.get("reason"),
                "package_id": decision.get("dataset")})
        created += 1
    return added, created


def ensure_reports(reports: dict[str, Any], datasets: list[dict[str, Any]], now: dt.datetime) -> tuple[int, int]:
    """The audit's assignments (set again on every load, due dates counted from `now`) and the
    demo datasets that become their publishers' registers of datasets (written afresh on every
    load, then given back their demo date of last change). Returns how many of each."""
    context = {"user": SYSADMIN["name"]}
    for entry in reports.get("assignments") or []:
        tk.get_action("chervonohrad_reports_audit_assign")(dict(context), {
            "publisher": entry["organization"], "item": entry["item"], "responsible": entry["responsible"],
            "due_date": (now + dt.timedelta(days=int(entry["due_in_days"]))).date().isoformat()})
    days_ago = {d["name"]: d.get("last_updated_days_ago") for d in datasets}
    for entry in reports.get("registers") or []:
        done = tk.get_action("chervonohrad_reports_register_publish")(dict(context), {
            "publisher": entry["organization"], "dataset": entry["dataset"]})
        if days_ago.get(entry["dataset"]) is not None:
            backdate(done["dataset_id"], now - dt.timedelta(days=int(days_ago[entry["dataset"]])))
    log.info("demo reports: %d audit assignments, %d registers", len(reports.get("assignments") or []),
             len(reports.get("registers") or []))
    return len(reports.get("assignments") or []), len(reports.get("registers") or [])


def ensure_application(entry: dict[str, Any]) -> int:
    """Submit a demo publisher application as its applicant, and decide it as the
    sysadmin where the demo says so. Returns 1 when it was created now."""
    from ckanext.chervonohrad.registration.model import PublisherApplication

    if model.Session.query(PublisherApplication).filter_by(edrpou=entry["edrpou"]).first():
        return 0
    applicant = ensure_user(entry["applicant"])
    fields = _api_values(entry, ("applicant", "decision"))
    application = tk.get_action("chervonohrad_registration_application_create")({"user": applicant["name"]}, fields)
    decision = entry.get("decision")
    if decision:
        tk.get_action(f"chervonohrad_registration_application_{decision['action']}")(
            {"user": SYSADMIN["name"]}, {"id": application["id"], "comment": decision.get("comment", "")})
    return 1


def _exists(action: str, id_: str) -> bool:
    try:
        tk.get_action(action)(_context(), {"id": id_})
        return True
    except tk.ObjectNotFound:
        return False


def purge(demo: dict[str, Any]) -> None:
    """Remove the demo's datasets, organizations and applications for good (users are kept)."""
    from ckanext.chervonohrad.registration.model import PublisherApplication

    showcase.purge()  # they name the demo's datasets
    codes = [entry["edrpou"] for entry in demo.get("applications", [])]
    for application in model.Session.query(PublisherApplication).filter(PublisherApplication.edrpou.in_(codes)):
        org_id = application.organization_id
        model.Session.delete(application)
        model.Session.commit()
        if org_id and model.Group.get(org_id) is not None:
            tk.get_action("organization_purge")(_context(), {"id": org_id})
    for entry in demo["datasets"]:
        if _exists("package_show", entry["name"]):
            tk.get_action("dataset_purge")(_context(), {"id": entry["name"]})
    for org in demo["organizations"]:
        if _exists("organization_show", org["name"]):
            # Datasets created by hand in a demo organization go with it.
            for pkg in model.Session.query(model.Package).filter_by(owner_org=model.Group.get(org["name"]).id):
                tk.get_action("dataset_purge")(_context(), {"id": pkg.id})
            tk.get_action("organization_purge")(_context(), {"id": org["name"]})


def ensure_sysadmin() -> None:
    user = ensure_user(SYSADMIN)
    obj = model.User.get(user["name"])
    if not obj.sysadmin:
        obj.sysadmin = True
        model.Session.commit()


def ensure_user(entry: dict[str, Any]) -> dict[str, Any]:
    fields = {k: entry[k] for k in ("name", "email", "fullname") if k in entry}
    existing = model.User.get(entry["name"])
    if existing is not None:
        if existing.state != model.State.ACTIVE:
            existing.state = model.State.ACTIVE
            model.Session.commit()
        return {"name": existing.name}
    return tk.get_action("user_create")(_context(), dict(fields, password=DEMO_PASSWORD))


def ensure_organization(entry: dict[str, Any], demo: dict[str, Any]) -> dict[str, Any]:
    data = {k: v for k, v in entry.items() if k not in _ORG_META}
    members = [
        {"name": u["name"], "capacity": u.get("role", "editor")}
        for u in demo.get("users", [])
        if u.get("organization") == entry["name"]
    ]
    data["users"] = members
    if _exists("organization_show", entry["name"]):
        return tk.get_action("organization_patch")(_context(), dict(data, id=entry["name"]))
    return tk.get_action("organization_create")(_context(), data)


def create_dataset(entry: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """As a publisher does it: a draft, its files, then publication. A dataset whose
    passport is incomplete stays a draft, and its page lists what is missing."""
    data = _api_values(entry, _DATASET_META)
    data["tags"] = [{"name": t} for t in entry.get("tags", [])]
    data.setdefault("license_id", "cc-by")
    pkg = tk.get_action("package_create")(_context(), dict(data, state="draft"))
    for resource in entry.get("resources", []):
        upload_resource(pkg["id"], resource)
    try:
        pkg = tk.get_action("package_patch")(_context(), {"id": pkg["id"], "state": "active"})
    except tk.ValidationError as error:
        log.info("demo dataset %s stays a draft: %s", entry["name"], error.error_dict)
    days = entry.get("last_updated_days_ago")
    if days is not None:
        backdate(pkg["id"], now - dt.timedelta(days=int(days)))
    return pkg


def upload_resource(package_id: str, entry: dict[str, Any]) -> dict[str, Any]:
    path = os.path.join(DEMO_DIR, "files", entry["file"])
    data = _api_values(entry, ("file",))
    with open(path, "rb") as stream:
        data.update(
            package_id=package_id,
            url=entry["file"],
            upload=FileStorage(stream=stream, filename=entry["file"], content_type="text/csv"),
        )
        return tk.get_action("resource_create")(_context(), data)


def backdate(package_id: str, when: dt.datetime) -> None:
    """Give a demo dataset a realistic last-change date (the API always stamps 'now')."""
    pkg = model.Package.get(package_id)
    pkg.metadata_created = min(pkg.metadata_created, when)
    pkg.metadata_modified = when
    for res in pkg.resources:
        res.created = min(res.created or when, when)
        res.last_modified = when
        res.metadata_modified = when
    model.Session.commit()
    # The score's timeliness depends on the date of the last change just set.
    scoring.store(tk.get_action("package_show")(_context(), {"id": package_id}))
    model.Session.commit()
    search.rebuild(package_id)

