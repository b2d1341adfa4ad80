"""A publisher's register of datasets published as a real dataset on the portal, kept current
by a background job.

Publishing creates (or adopts) a dataset of the publisher for Resolution 835's item
`all-dataset-register`, with the register as an uploaded CSV (role `data`) and its structure
as an uploaded CSV (role `structure`), so it passes the 835 publication gate like any other
dataset. The table `chervonohrad_register_dataset` remembers which dataset is whose register
and which two resources are the register's own: an adopted dataset keeps its other files
untouched, the register adds its own beside them.

Whenever a dataset of that publisher is created, changed or deleted, the dataset hooks call
`on_dataset_changed`, which queues one regeneration per publisher once the transaction
commits (deduplicated by job id while it waits). The job rewrites the file only when the
register's content changed, so its own writes — which fire the hooks again — end there; the
hooks also ignore changes made while a regeneration or a publication is running.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import threading
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

from rq.job import Job
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad import config
from ckanext.chervonohrad.common import extras as org_extras
from ckanext.chervonohrad.common import jobs
from ckanext.chervonohrad.reports import register
from ckanext.chervonohrad.reports.model import RegisterDataset

log = logging.getLogger(__name__)

REGISTER_ITEM = "all-dataset-register"  # data/list835.yaml
DATA_FILE = "dataset-register.csv"
STRUCTURE_FILE = "dataset-register-structure.csv"
TAGS = ("реєстр наборів даних", "відкриті дані", "інформаційний аудит")
PURPOSE = ("Підстава: стаття 10-1 Закону України «Про доступ до публічної інформації», постанова Кабінету "
           "Міністрів України від 21.10.2015 № 835 (реєстр наборів даних, що перебувають у володінні "
           "розпорядника інформації); призначення: облік наборів даних розпорядника та контроль за їх "
           "оприлюдненням і оновленням.")

_state = threading.local()


@contextmanager
def _own_writes():
    """Changes made inside are the register's own: the hooks do not queue a regeneration."""
    previous = getattr(_state, "busy", False)
    _state.busy = True
    try:
        yield
    finally:
        _state.busy = previous


def _site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _file(text_: str, filename: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(text_.encode("utf-8")), filename=filename, content_type="text/csv")


def _fingerprint(text_: str) -> str:
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


def register_of(org_id: str) -> RegisterDataset | None:
    """The publisher's register dataset record, when it has one that is not deleted."""
    row = model.Session.get(RegisterDataset, org_id)
    if row is None:
        return None
    package = model.Session.get(model.Package, row.package_id)
    return row if package is not None and package.state != model.State.DELETED else None


def _free_name(org_name: str) -> str:
    base = f"{org_name}-reiestr-naboriv-danykh"[:96]
    name, n = base, 1
    while model.Session.query(model.Package.id).filter(model.Package.name == name).first():
        n += 1
        name = f"{base}-{n}"
    return name


def _passport(org: model.Group, user: model.User | None, today: dt.date) -> dict[str, Any]:
    extras = org_extras.of(org)
    title = org.title or org.name
    return {
        "title": f"Реєстр наборів даних: {title}"[:254],
        "notes": (f"Реєстр наборів даних, що перебувають у володінні розпорядника інформації «{title}». "
                  "Сформований порталом із метаданих оприлюднених наборів даних і оновлюється автоматично "
                  "після кожної зміни наборів даних розпорядника. Для кожного набору наведено назву, опис, "
                  "періодичність оновлення, ключові слова, підставу та призначення збору, посилання на "
                  "сторінку, формати, відповідальну особу, розпорядника та його код ЄДРПОУ."),
        "tags": [{"name": t} for t in TAGS],
        "language": "uk",
        "update_frequency": "immediately after making changes",
        "purpose_of_collecting_information": PURPOSE,
        "maintainer": extras.get("officer_name") or (user.fullname if user else "") or "",
        "maintainer_email": extras.get("officer_email") or (user.email if user else "") or "",
        "license_id": "cc-by",
        "list835_item": REGISTER_ITEM,
        "topic": "derzhava",
        "data_current_as_of": today.isoformat(),
        **({"territory": extras["hromada"]} if extras.get("hromada") else {}),
    }


def _holds(resource: dict[str, Any], filename: str) -> bool:
    """Whether the resource is an upload of the file the register writes under this name."""
    return (resource.get("url_type") == "upload"
            and (resource.get("url") or "").rstrip("/").rsplit("/", 1)[-1] == filename)


def _own_resource(pkg: dict[str, Any], wanted_id: str | None, role: str, filename: str) -> dict[str, Any] | None:
    """The register's own resource of this role: the one chervonohrad_register_dataset
    remembers, else one holding the file the register uploads (so a register adopted before
    it added resources of its own, which took over the dataset's first files, or whose
    remembered id was lost, is found again). Never any other file of the dataset: an adopted
    dataset's own data stays as it is, and None means "add one"."""
    resources = pkg.get("resources") or []
    return (next((r for r in resources if wanted_id and r["id"] == wanted_id), None)
            or next((r for r in resources
                     if _holds(r, filename) and (r.get("resource_role") or "data") == role), None))


def _write(context: dict[str, Any], pkg: dict[str, Any], current: dict[str, Any] | None, role: str,
           content: str, filename: str, name: str, today: dt.date) -> str:
    """Upload `content` into the resource (creating it when the dataset has none of this role);
    returns the resource id."""
    fields = {"upload": _file(content, filename), "url": filename, "format": "CSV", "resource_role": role}
    if role == "data":
        fields["data_current_as_of"] = today.isoformat()
    if current is not None:
        return tk.get_action("resource_patch")(context, dict(fields, id=current["id"]))["id"]
    return tk.get_action("resource_create")(context, dict(fields, package_id=pkg["id"], name=name))["id"]


def publish(org_ref: str, user_name: str | None, dataset: str | None = None,
            today: dt.date | None = None) -> dict[str, Any]:
    """Publish the publisher's register as a dataset (the first time), or regenerate it now.
    `dataset`: adopt this existing dataset of the publisher instead of creating one. Raises
    ObjectNotFound for an unknown publisher or dataset, ValidationError when the dataset
    belongs to another publisher or cannot be published (e.g. no responsible person)."""
    today = today or dt.date.today()
    org = model.Group.get(org_ref)
    if org is None or not org.is_organization or org.state != model.State.ACTIVE:
        raise tk.ObjectNotFound(tk._("Publisher not found"))
    existing = register_of(org.id)
    if existing is not None and not dataset:
        regenerate(org.id, force=True, today=today)
        return status(org.id, created=False)
    context = _site_context()
    with _own_writes():
        if dataset:
            pkg = tk.get_action("package_show")(context.copy(), {"id": dataset})
            if pkg["owner_org"] != org.id:
                raise tk.ValidationError({"dataset": [tk._("This dataset belongs to another publisher")]})
            created = False
        else:
            user = model.User.get(user_name) if user_name else None
            pkg = tk.get_action("package_create")(context.copy(), dict(
                _passport(org, user, today), name=_free_name(org.name), owner_org=org.id, state="draft"))
            created = True
        # Adopting the dataset that is the register already: its resources are known.
        known = model.Session.get(RegisterDataset, org.id)
        known = known if known is not None and known.package_id == pkg["id"] else None
        data = register.rows(org.id)
        content = register.to_csv(data)
        structure = register.structure_csv()
        data_id = _write(context.copy(), pkg, _own_resource(pkg, known and known.data_resource_id, "data", DATA_FILE),
                         "data", content, DATA_FILE, "Реєстр наборів даних", today)
        structure_id = _write(context.copy(), pkg, _own_resource(pkg, known and known.structure_resource_id,
                                                                 "structure", STRUCTURE_FILE),
                              "structure", structure, STRUCTURE_FILE, "Структура реєстру наборів даних", today)
        patch = {"id": pkg["id"], "data_current_as_of": today.isoformat(), "list835_item": REGISTER_ITEM}
        if pkg.get("state") != "active":
            patch["state"] = "active"  # the 835 publication gate checks the passport and both files
        tk.get_action("package_patch")(context.copy(), patch)
    row = model.Session.get(RegisterDataset, org.id)
    if row is None:
        row = RegisterDataset(owner_org=org.id, created_by=user_name or context["user"],
                              created_at=dt.datetime.utcnow())
        model.Session.add(row)
    row.package_id, row.data_resource_id, row.structure_resource_id = pkg["id"], data_id, structure_id
    # The register lists itself; read it again now that the dataset is published.
    final_rows = register.rows(org.id)
    final = register.to_csv(final_rows)
    if final != content:
        with _own_writes():
            _write(context.copy(), pkg, {"id": data_id}, "data", final, DATA_FILE, "", today)
    row.content_hash, row.rows = _fingerprint(final), len(final_rows)
    row.regenerated_at = dt.datetime.utcnow()
    model.Session.commit()
    return status(org.id, created=created)


def regenerate(org_id: str, force: bool = False, today: dt.date | None = None) -> bool | None:
    """Write the publisher's register afresh when its content changed (or `force`). Returns
    None when the publisher has no register dataset, False when nothing changed."""
    row = register_of(org_id)
    if row is None:
        return None
    today = today or dt.date.today()
    data = register.rows(org_id)
    content = register.to_csv(data)
    fingerprint = _fingerprint(content)
    if fingerprint == row.content_hash and not force:
        return False
    context = _site_context()
    with _own_writes():
        pkg = tk.get_action("package_show")(context.copy(), {"id": row.package_id, "use_cache": False})
        row.data_resource_id = _write(context.copy(), pkg,
                                      _own_resource(pkg, row.data_resource_id, "data", DATA_FILE),
                                      "data", content, DATA_FILE, "Реєстр наборів даних", today)
        structure = _own_resource(pkg, row.structure_resource_id, "structure", STRUCTURE_FILE)
        if force or structure is None:
            row.structure_resource_id = _write(
                context.copy(), pkg, structure, "structure",
                register.structure_csv(), STRUCTURE_FILE, "Структура реєстру наборів даних", today)
        if pkg.get("data_current_as_of") != today.isoformat():
            tk.get_action("package_patch")(context.copy(), {"id": pkg["id"], "data_current_as_of": today.isoformat()})
    row.content_hash, row.rows = fingerprint, len(data)
    row.regenerated_at = dt.datetime.utcnow()
    model.Session.commit()
    log.info("register of datasets of %s regenerated: %d rows", org_id, row.rows)
    return True


def status(org_id: str, created: bool | None = None) -> dict[str, Any]:
    row = register_of(org_id)
    org = model.Group.get(org_id)
    result: dict[str, Any] = {"publisher": org.name if org else org_id, "dataset": None}
    if row is not None:
        package = model.Session.get(model.Package, row.package_id)
        result.update(dataset=package.name, dataset_id=package.id, rows=row.rows,
                      regenerated_at=row.regenerated_at.isoformat() if row.regenerated_at else None)
    if created is not None:
        result["created"] = created
    return result


def registers(may_read: Callable[[set[str]], set[str]] | None = None,
              org_id: str | None = None) -> dict[str, dict[str, Any]]:
    """{publisher id: {dataset name, regenerated_at}} of every published register (or one
    publisher's), in one query. `may_read` (as reports.audit.readable): of the ids of
    register datasets made private or left a draft, those the viewer may read; the others
    are left out, so their names are not shown. None: all."""
    query = (model.Session.query(RegisterDataset, model.Package.name, model.Package.state, model.Package.private)
             .join(model.Package, model.Package.id == RegisterDataset.package_id)
             .filter(model.Package.state != model.State.DELETED))
    if org_id is not None:
        query = query.filter(RegisterDataset.owner_org == org_id)
    found = query.all()
    hidden = {row.package_id for row, _name, state, private in found if private or state != model.State.ACTIVE}
    if may_read is not None and hidden:
        hidden -= may_read(hidden)
    else:
        hidden = set()
    return {row.owner_org: {"dataset": name, "regenerated_at": row.regenerated_at, "rows": row.rows}
            for row, name, _state, _private in found if row.package_id not in hidden}


# ---- the background job and the hooks ----------------------------------------------------

def job_id(org_id: str) -> str:
    return f"chervonohrad-register-{org_id}"


def regenerate_job(org_id: str) -> bool | None:
    """Runs in `ckan jobs worker`."""
    return regenerate(org_id)


def _job(org_id: str) -> dict[str, Any]:
    return {"job_id": job_id(org_id), "title": f"chervonohrad register {org_id}"}


def enqueue(org_id: str) -> Job:
    """Queue a regeneration of the publisher's register; one still waiting is not queued
    twice (it reads the datasets as they are when it runs)."""
    return jobs.enqueue_once(regenerate_job, [org_id], **_job(org_id))


def enqueue_after_commit(org_id: str) -> None:
    """Queue the regeneration once the current transaction commits (nothing if it rolls back)."""
    jobs.enqueue_unique(regenerate_job, [org_id], **_job(org_id))


def on_dataset_changed(pkg_dict: dict[str, Any]) -> None:
    """For `after_dataset_create`, `after_dataset_update` and `after_dataset_delete`: when the
    dataset's publisher has a register dataset, queue its regeneration after the commit."""
    if getattr(_state, "busy", False) or not config.register_regenerate_on_change():
        return
    owner = pkg_dict.get("owner_org")
    if not owner and pkg_dict.get("id"):
        package = model.Package.get(pkg_dict["id"])
        owner = package.owner_org if package is not None else None
    if not owner:
        return
    if model.Session.get(RegisterDataset, owner) is None:
        org = model.Group.get(owner)  # a name rather than an id
        if org is None or org.id == owner or model.Session.get(RegisterDataset, org.id) is None:
            return
        owner = org.id
    enqueue_after_commit(owner)
