"""The `chervonohrad_ckan` harvester: data.gov.ua-style CKAN portals into the 835 schema.

gather: the source's datasets (filtered by organization or publisher EDRPOU) page by page,
        each with its publisher's EDRPOU, as one harvest object each; datasets gone from the
        source become `delete` objects when the source says so.
fetch:  nothing more to fetch (the search answer holds whole datasets).
import: mapping.map_dataset, then create or update: public when the passport is complete,
        a draft otherwise, with what is missing recorded as harvest-object errors; an
        unchanged dataset is not rewritten; a public dataset is never turned into a draft
        by a worse copy at the source (the portal keeps its version and reports why).

Every message is stored in the portal's default language (`ckan.locale_default`).
"""
from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import uuid
from typing import Any

import sqlalchemy as sa
import yaml
from ckanext.dcat.interfaces import IDCATRDFHarvester
from ckanext.harvest.harvesters.base import HarvesterBase
from ckanext.harvest.model import HarvestObject, HarvestObjectError, HarvestObjectExtra

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad import config as portal_config
from ckanext.chervonohrad.common import extras as org_extras
from ckanext.chervonohrad.common.i18n import _n
from ckanext.chervonohrad.common.publishers import with_edrpou
from ckanext.chervonohrad.harvest import access, dcat_rdf, mapping, source_config, source_index
from ckanext.chervonohrad.harvest import client as client_

log = logging.getLogger(__name__)

HARVESTER_NAME = "chervonohrad_ckan"
# A single remote dataset larger than this (as JSON) is refused, not imported.
MAX_OBJECT_BYTES = 2 * 1024 * 1024
SCHEMA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "schemas", "dataset.yaml")


# --- messages in the portal's language ------------------------------------------------------

def _flask_app():
    import click
    import flask

    if flask.has_app_context():
        return flask.current_app._get_current_object()
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get("flask_app") if ctx is not None else None


@contextlib.contextmanager
def portal_language():
    """Translate in `ckan.locale_default`, whether called from a web request, a test or a
    harvest consumer (which has no request of its own)."""
    import flask
    import flask_babel

    language = tk.config.get("ckan.locale_default") or "en"
    if flask.has_request_context():
        with flask_babel.force_locale(language):
            yield language
        return
    app = _flask_app()
    if app is None:
        yield "en"
        return
    with app.test_request_context("/", environ_overrides={"CKAN_LANG": language}):
        yield language


@functools.cache
def _labels() -> dict[str, dict[str, str]]:
    with open(SCHEMA, encoding="utf-8") as f:
        schema = yaml.safe_load(f)
    labels = {f["field_name"]: f["label"] for f in schema["dataset_fields"] if isinstance(f.get("label"), dict)}
    labels.setdefault("tag_string", {"uk": "Ключові слова", "en": "Keywords"})
    labels["resources"] = {"uk": "Ресурси", "en": "Resources"}
    labels["format"] = {"uk": "Формат", "en": "Format"}
    return labels


def render(msgid: str, params: dict[str, Any], field: str | None = None) -> str:
    with portal_language() as language:
        label = _labels().get(field or "", {}).get(language) or _labels().get(field or "", {}).get("en") or field
        return tk._(msgid).format(label=f"«{label}»", field=field, **params)


def render_problem(problem: mapping.Problem) -> str:
    return render(problem.msgid, problem.params, problem.field)


# --- ckanext-harvest's own `ckan` harvester ----------------------------------------------------

def _ckan_harvester_content(self, url):
    """`CKANHarvester._get_content`, through common.outbound as our harvester fetches: only
    public addresses (or `harvest_allowed_hosts`), each redirect checked, a deadline, at most
    MAX_ANSWER_BYTES; an answer that is not JSON is described, never returned. The original
    is a plain `requests.get` (any address, redirects followed, no timeout), and ckanext-harvest
    quotes a non-JSON answer whole in the gather error its source's editors read."""
    from ckanext.harvest.harvesters.ckanharvester import ContentFetchError

    settings = getattr(self, "config", None) or {}
    fetcher = client_.Client(url, api_key=settings.get("api_key"), user_agent=settings.get("user_agent"),
                             allowed_hosts=portal_config.harvest_allowed_hosts())
    try:
        return fetcher.json_text(url)
    except client_.SourceError as error:
        raise ContentFetchError(render(error.msgid, error.params)) from None


def _guard_ckan_harvester() -> None:
    from ckanext.harvest.harvesters.ckanharvester import CKANHarvester

    CKANHarvester._get_content = _ckan_harvester_content


# --- the plugin -----------------------------------------------------------------------------

class ChervonohradCkanHarvester(dcat_rdf.DcatRdfHooks, HarvesterBase):
    # Who may save and run harvest sources (of any harvester) and what is checked when
    # they are saved: harvest/access.py. ckanext-dcat's `dcat_rdf` harvester imports by the
    # rules of this one: harvest/dcat_rdf.py.
    p.implements(p.IAuthFunctions)
    p.implements(IDCATRDFHarvester, inherit=True)
    p.implements(p.IActions)
    p.implements(p.IConfigurable, inherit=True)

    def configure(self, config):
        # The `ckan` harvester may be enabled beside ours (config/common.ini): while this plugin
        # is loaded, it fetches by the same rules, before any gather runs.
        _guard_ckan_harvester()
        dcat_rdf.guard()

    def get_auth_functions(self):
        return access.get_auth_functions()

    def get_actions(self):
        return {**access.get_actions(), **source_index.get_actions(),
                "harvesters_info_show": dcat_rdf.harvesters_info_show}

    # IHarvester

    def info(self):
        return {
            "name": HARVESTER_NAME,
            "title": "CKAN (data.gov.ua, 835)",
            "description": _n("A data.gov.ua-style CKAN portal: datasets mapped onto the Resolution 835 passport; "
                              "incomplete ones imported as drafts"),
            "form_config_interface": "Text",
        }

    def validate_config(self, config):
        try:
            parsed = source_config.parse(config)
        except source_config.ConfigError as error:
            raise ValueError(tk._(error.msgid).format(**error.params)) from None
        if parsed.owner_org:
            group = model.Group.get(parsed.owner_org)
            if group is None or not group.is_organization or group.state != "active":
                raise ValueError(tk._("«owner_org»: there is no organization «{name}» on this portal").format(
                    name=parsed.owner_org))
        return config

    def get_original_url(self, harvest_object_id):
        obj = HarvestObject.get(harvest_object_id)
        return _extra(obj, "source_url") if obj else None

    # gather

    def gather_stage(self, harvest_job):
        source = harvest_job.source
        try:
            config = source_config.parse(source.config)
        except source_config.ConfigError as error:
            self._save_gather_error(render(error.msgid, error.params), harvest_job)
            return None
        if not access.url_is_acceptable(source.url):  # saved before addresses were checked
            self._save_gather_error(render(access.BAD_URL, {}), harvest_job)
            return None
        client = client_.Client(source.url, timeout=config.timeout, api_key=config.api_key,
                                user_agent=config.user_agent, allowed_hosts=portal_config.harvest_allowed_hosts())
        try:
            publishers, names = self._publishers_by_edrpou(client, config, harvest_job)
            if config.edrpou and not names and not config.organizations:
                return None
            names = list(dict.fromkeys([*config.organizations, *names]))
            fq = "organization:(" + " OR ".join(_solr_term(n) for n in names) + ")" if names else None
            remotes = list(client_.search_datasets(client, fq, config.page_size, config.max_datasets))
        except client_.SourceError as error:
            self._save_gather_error(render(error.msgid, error.params), harvest_job)
            return None
        if not remotes:
            self._save_gather_error(render(_n(
                "The source lists no datasets{scope}; nothing was imported or deleted ({url})"),
                {"scope": " (" + ", ".join(names) + ")" if names else "", "url": source.url}), harvest_job)
            return None

        ids = [self._object_for(remote, client, publishers, harvest_job).id for remote in remotes]
        ids += self._deletions(harvest_job, config, {r["id"] for r in remotes})
        return ids

    def _publishers_by_edrpou(self, client, config, harvest_job):
        """The source's organizations (id → dict) and the names of those whose EDRPOU the source asks for."""
        publishers: dict[str, dict[str, Any]] = {}
        names: list[str] = []
        if not config.edrpou:
            return publishers, names
        found = set()
        for organization in client_.organizations(client):
            code = mapping.remote_value(organization, "edrpou")
            if organization.get("id"):
                publishers[organization["id"]] = organization
            if isinstance(code, str) and code.strip() in config.edrpou:
                names.append(organization["name"])
                found.add(code.strip())
        for code in config.edrpou:
            if code not in found:
                self._save_gather_error(render(_n(
                    "No organization at the source has the EDRPOU code {code}"), {"code": code}), harvest_job)
        return publishers, names

    def _publisher(self, remote, client, publishers):
        organization = remote.get("organization") if isinstance(remote.get("organization"), dict) else {}
        org_id = organization.get("id") or remote.get("owner_org")
        if not org_id:
            return None
        if mapping.remote_value(organization, "edrpou"):
            publishers.setdefault(org_id, organization)
        if org_id not in publishers:
            try:
                shown = client.action("organization_show", id=org_id, include_datasets="false")
                publishers[org_id] = shown if isinstance(shown, dict) else organization
            except client_.SourceError as error:
                log.warning("Publisher %s of %s not read: %s", org_id, remote.get("id"), error)
                publishers[org_id] = organization
        publisher = publishers[org_id]
        return {"id": org_id, "name": publisher.get("name"), "title": publisher.get("title"),
                "edrpou": mapping.remote_value(publisher, "edrpou")}

    def _object_for(self, remote, client, publishers, harvest_job):
        source_url = f"{client.base_url}/dataset/{remote.get('name') or remote['id']}"
        content = json.dumps({"dataset": remote, "publisher": self._publisher(remote, client, publishers),
                              "source_url": source_url}, ensure_ascii=False)
        extras = [HarvestObjectExtra(key="source_url", value=source_url)]
        if len(content.encode("utf-8")) > MAX_OBJECT_BYTES:
            extras.append(HarvestObjectExtra(key="status", value="too_large"))
            extras.append(HarvestObjectExtra(key="size", value=str(len(content.encode("utf-8")))))
            content = None
        obj = HarvestObject(guid=remote["id"], job=harvest_job, content=content, extras=extras)
        obj.save()
        return obj

    def _deletions(self, harvest_job, config, remote_ids):
        """Harvest objects that delete the datasets gone from the source, when it says so."""
        current = model.Session.query(HarvestObject.guid, HarvestObject.package_id).filter(
            HarvestObject.harvest_source_id == harvest_job.source.id,
            HarvestObject.current == True,  # noqa: E712
            HarvestObject.package_id != None,  # noqa: E711
        ).all()
        gone = {guid: package_id for guid, package_id in current if guid not in remote_ids}
        if not gone:
            return []
        if not config.deletes_removed:
            log.info("%s datasets are gone from %s; kept (removed_datasets: keep)", len(gone), harvest_job.source.url)
            return []
        ids = []
        for guid, package_id in gone.items():
            obj = HarvestObject(guid=guid, job=harvest_job, package_id=package_id,
                                extras=[HarvestObjectExtra(key="status", value="delete")])
            obj.save()
            ids.append(obj.id)
        return ids

    # fetch

    def fetch_stage(self, harvest_object):
        if _extra(harvest_object, "status") == "too_large":
            self._save_object_error(render(_n(
                "The source's dataset is {size} bytes of JSON, more than the {limit} this portal accepts; "
                "it was not imported (an earlier copy, if any, is kept)"),
                {"size": _extra(harvest_object, "size"), "limit": MAX_OBJECT_BYTES}), harvest_object, "Fetch")
            return False
        return True

    # import

    def import_stage(self, harvest_object):
        if _extra(harvest_object, "status") == "delete":
            return self._delete(harvest_object)
        try:
            content = json.loads(harvest_object.content or "")
            remote = content["dataset"]
            if not isinstance(remote, dict):
                raise ValueError("not an object")
        except (ValueError, KeyError, TypeError):
            self._save_object_error(render(_n("The harvested content is not a dataset"), {}), harvest_object,
                                    "Import")
            return False
        if remote.get("type") not in (None, "", "dataset"):
            log.info("Skipping %s: its type is %s", remote.get("id"), remote.get("type"))
            return "unchanged"

        try:
            config = source_config.parse(harvest_object.source.config)
        except source_config.ConfigError as error:
            self._save_object_error(render(error.msgid, error.params), harvest_object, "Import")
            return False
        publisher = content.get("publisher") or {}
        code = mapping.remote_value(publisher, "edrpou")
        organization, via = self._local_organization(harvest_object, config, code if isinstance(code, str) else None)
        if organization is not None and not self._entitled(harvest_object, organization.id, (via,)):
            self._save_object_error(render(access.NOT_ENTITLED, {"org": organization.display_name}),
                                    harvest_object, "Import")
            return False
        if organization is None:
            self._save_object_error(render(_n(
                "No local organization to put the dataset in: set «owner_org» in the source's configuration, "
                "give the harvest source an organization, or register the publisher (EDRPOU {code})"),
                {"code": code or "—"}), harvest_object, "Import")
            return False

        mapped = mapping.map_dataset(remote, owner_org=organization.id, publisher=publisher,
                                     source_url=content.get("source_url"),
                                     territory=org_extras.of(organization).get("hromada"))
        state = "active" if mapped.publishable else "draft"
        digest = mapping.fingerprint({**mapped.dataset, "state": state})
        existing, previous = self._existing(harvest_object)

        if existing is not None and previous is not None and _extra(previous, "fingerprint") == digest \
                and existing["state"] != "deleted":
            self._record(harvest_object, mapped.problems)
            return "unchanged"
        if existing is not None and existing["state"] == "active" and state == "draft":
            self._record(harvest_object, [mapping.Problem("", "kept", _n(
                "The source's new version of this dataset is incomplete; the portal keeps its published "
                "version ({name}) until the source is fixed"), {"name": existing["name"]}, blocking=True),
                *mapped.problems])
            return False
        return self._write(harvest_object, mapped, state, digest, existing)

    def _local_organization(self, harvest_object, config, edrpou):
        """The active organization a dataset goes to, and by which rule («owner_org»,
        «edrpou», «source»). Never one that is deleted or awaiting approval, never a new one."""
        if config.owner_org:
            return _active_org(config.owner_org), "owner_org"
        if config.publisher_by_edrpou and edrpou:
            group = with_edrpou(edrpou)
            if group is not None:
                return group, "edrpou"
        source_package = model.Package.get(harvest_object.source.id)
        return (_active_org(source_package.owner_org) if source_package and source_package.owner_org else None,
                "source")

    def _entitled(self, harvest_object, org_id, ways):
        """May this source write into `org_id` (access.entitled: its own organization, or
        what a regional administrator's grant allows)?"""
        source_package = model.Package.get(harvest_object.source.id)
        own = source_package.owner_org if source_package is not None else None
        grant = access.grant_of(source_package)
        return any(access.entitled(own, grant, org_id, way) for way in ways)

    def _existing(self, harvest_object):
        """The local dataset this remote one was imported as (in any state), and the current
        harvest object that says so."""
        objects = model.Session.query(HarvestObject).filter(
            HarvestObject.guid == harvest_object.guid,
            HarvestObject.harvest_source_id == harvest_object.harvest_source_id,
            HarvestObject.package_id != None,  # noqa: E711
            HarvestObject.id != harvest_object.id,
        ).order_by(HarvestObject.import_finished.desc().nullslast(), HarvestObject.gathered.desc()).all()
        for obj in objects:
            try:
                existing = tk.get_action("package_show")(
                    {"ignore_auth": True, "use_cache": False}, {"id": obj.package_id})
            except tk.ObjectNotFound:
                continue
            current = next((o for o in objects if o.current and o.package_id == obj.package_id), None)
            return existing, current
        return None, None

    def _write(self, harvest_object, mapped, state, digest, existing):
        dataset = {**mapped.dataset, "state": state}
        context = {"user": self._get_user_name(), "ignore_auth": True}
        try:
            if existing is not None:
                dataset["id"], dataset["name"] = existing["id"], existing["name"]
                _keep_resource_ids(dataset["resources"], existing.get("resources") or [])
            else:
                dataset["id"] = str(uuid.uuid4())
                dataset["name"] = self._ensure_name_is_unique(dataset["name"]) or dataset["id"]
            # This object becomes the dataset's current one before the write, so the search
            # index records it (ckanext-harvest's index hook looks it up).
            model.Session.query(HarvestObject).filter(
                HarvestObject.package_id == dataset["id"], HarvestObject.current == True,  # noqa: E712
            ).update({"current": False}, synchronize_session=False)
            harvest_object.package_id = dataset["id"]
            harvest_object.current = True
            harvest_object.extras.append(HarvestObjectExtra(key="fingerprint", value=digest))
            harvest_object.add()
            model.Session.execute(sa.text("SET CONSTRAINTS harvest_object_package_id_fkey DEFERRED"))
            model.Session.flush()
            action = "package_update" if existing is not None else "package_create"
            tk.get_action(action)(context, dataset)
            model.Session.commit()
        except tk.ValidationError as error:
            model.Session.rollback()
            _reset(harvest_object)
            messages = _validation_messages(error.error_dict)
            self._record(harvest_object, [mapping.Problem("", "refused", _n(
                "This portal refused the dataset: {errors}"), {"errors": messages}, blocking=True)])
            return False
        except Exception as error:  # a harvest must go on with the next dataset
            log.exception("Import of %s failed", harvest_object.guid)
            model.Session.rollback()
            _reset(harvest_object)
            self._record(harvest_object, [mapping.Problem("", "failed", _n(
                "The dataset could not be saved: {error}"), {"error": client_._brief(error)}, blocking=True)])
            return False
        self._record(harvest_object, mapped.problems)
        return True

    def _record(self, harvest_object, problems):
        for problem in problems:
            HarvestObjectError(message=render_problem(problem), object=harvest_object, stage="Import").save()

    def _delete(self, harvest_object):
        package_id = harvest_object.package_id
        package = model.Package.get(package_id) if package_id else None
        if package is not None and package.owner_org and package.state != "deleted" \
                and not self._entitled(harvest_object, package.owner_org, ("owner_org", "edrpou")):
            org = model.Group.get(package.owner_org)
            name = org.display_name if org is not None else package.owner_org
            self._save_object_error(render(access.NOT_ENTITLED, {"org": name}), harvest_object, "Import")
            return False
        with contextlib.suppress(tk.ObjectNotFound):
            tk.get_action("package_delete")({"user": self._get_user_name(), "ignore_auth": True}, {"id": package_id})
        model.Session.query(HarvestObject).filter(
            HarvestObject.package_id == package_id, HarvestObject.current == True,  # noqa: E712
        ).update({"current": False}, synchronize_session=False)
        harvest_object.current = False
        harvest_object.save()
        return True


# --- helpers --------------------------------------------------------------------------------

def _extra(obj, key):
    return next((e.value for e in obj.extras if e.key == key), None)


def _active_org(name_or_id):
    group = model.Group.get(name_or_id)
    return group if group is not None and group.is_organization and group.state == "active" else None


def _solr_term(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _reset(harvest_object):
    harvest_object.current = False
    harvest_object.package_id = None


def _keep_resource_ids(resources, existing):
    """Resources keep their local ids when their link is unchanged, so an update does not
    replace them (and their views and link checks) with new ones."""
    unused = list(existing)
    for resource in resources:
        match = next((r for r in unused if r.get("url") == resource["url"]), None)
        if match is not None:
            resource["id"] = match["id"]
            unused.remove(match)


def _validation_messages(error_dict, prefix="") -> str:
    parts = []
    for key, value in (error_dict or {}).items():
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            parts.append(f"{prefix}{key}: {' '.join(value)}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict) and item:
                    parts.append(_validation_messages(item, f"{prefix}{key}[{index + 1}]."))
        elif isinstance(value, dict):
            parts.append(_validation_messages(value, f"{prefix}{key}."))
        else:
            parts.append(f"{prefix}{key}: {value}")
    return "; ".join(p for p in parts if p)
