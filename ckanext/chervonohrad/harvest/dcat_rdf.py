"""ckanext-dcat's `dcat_rdf` harvester, importing into the 835 passport by this portal's rules.

ckanext-dcat gathers: it reads the source's RDF file (every page of a paged catalogue), parses
it with the configured profiles (`euro_dcat_ap_3 chervonohrad_dcat_ap`: dcat/parse.py reads the
passport back) and makes one harvest object per dataset; its import creates or updates it.
What this portal changes (`guard()`, called when the `chervonohrad_ckan` plugin is configured,
as harvester.py does for the `ckan` harvester; the hooks below, IDCATRDFHarvester on that plugin):

- The file is read through harvest/client.py (common.outbound): public addresses only, each
  redirect checked, a deadline, at most `ckanext.dcat.max_file_size` MB. ckanext-dcat's own
  reader asks `requests` for any address without a timeout and reads a local path from the
  server's disk.
- A dataset harvested before is found again although it is a draft (ckanext-dcat reads it as
  nobody, which a draft refuses, and the job stops).
- Datasets gone from the file are deleted only when the source says `"removed_datasets":
  "delete"` (ckanext-dcat deletes them always; our CKAN harvester keeps them by default).
- Before a dataset is created or updated, the parsed dataset goes through mapping.map_dataset,
  the CKAN harvester's mapping: the same values become the same codes, the same problems are
  recorded as the same harvest errors, an incomplete dataset is a draft, a published one is
  never turned into a draft by a worse copy. Its organization is chosen by the same rules
  (`owner_org`, the publisher's EDRPOU, the source's organization) and access.entitled decides
  whether the source may write there. ckanext-dcat finds the dataset to update by its guid
  (the dataset's URI) anywhere on the portal: a catalogue could name a dataset of another
  source's publisher, so a dataset is updated only when this source harvested it.

A refused dataset is recorded as an import error and left out (ckanext-dcat's «not modified»);
the others go on.
"""
from __future__ import annotations

import logging
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad import config as portal_config
from ckanext.chervonohrad.common import extras
from ckanext.chervonohrad.common.i18n import _n
from ckanext.chervonohrad.harvest import access, mapping, source_config
from ckanext.chervonohrad.harvest import client as client_

log = logging.getLogger(__name__)

DCAT_HARVESTER = access.DCAT_HARVESTER
DEFAULT_MAX_FILE_MB = 50  # ckanext-dcat's default for ckanext.dcat.max_file_size
RDF_ACCEPT = "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, */*;q=0.1"

TITLE = _n("DCAT-AP catalogue (RDF, 835)")
DESCRIPTION = _n("An RDF catalogue in DCAT-AP (Turtle, RDF/XML, JSON-LD), such as another portal's "
                 "/catalog.ttl: datasets mapped onto the Resolution 835 passport as from a CKAN portal; "
                 "incomplete ones imported as drafts")
NOT_THIS_SOURCES = _n("A dataset with this identifier ({guid}) is already on this portal («{name}») and was not "
                      "harvested by this source; it was not changed")
NO_ORGANIZATION = _n("No local organization to put the dataset in: set «owner_org» in the source's configuration, "
                     "give the harvest source an organization, or register the publisher (EDRPOU {code})")
KEPT = _n("The source's new version of this dataset is incomplete; the portal keeps its published version ({name}) "
          "until the source is fixed")


def _charset(content_type: str | None) -> str:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else "utf-8"


def max_file_bytes() -> int:
    try:
        megabytes = int(tk.config.get("ckanext.dcat.max_file_size") or DEFAULT_MAX_FILE_MB)
    except (TypeError, ValueError):
        megabytes = DEFAULT_MAX_FILE_MB
    return max(megabytes, 1) * 1024 * 1024


# --- ckanext-dcat's harvester, changed where it reads and deletes ------------------------------

def _read_catalogue(self, url, harvest_job, page=1, content_type=None):
    """`DCATHarvester._get_content_and_type` through harvest/client.py: (text, type) or (None,
    None) with a gather error that says why."""
    from ckanext.chervonohrad.harvest.harvester import render

    try:
        config = source_config.parse_dcat(harvest_job.source.config)
    except source_config.ConfigError as error:
        self._save_gather_error(render(error.msgid, error.params), harvest_job)
        return None, None
    if page > 1:
        url = f"{url}{'&' if '?' in url else '?'}page={page}"
    reader = client_.Client(url, timeout=config.timeout, max_bytes=max_file_bytes(),
                            allowed_hosts=portal_config.harvest_allowed_hosts())
    reader.headers["Accept"] = RDF_ACCEPT
    try:
        answer = reader.document(url)
    except client_.SourceError as error:
        self._save_gather_error(render(error.msgid, error.params), harvest_job)
        return None, None
    if answer.status >= 400:
        self._save_gather_error(render(_n("The source answered HTTP {status} ({url})"),
                                       {"status": answer.status, "url": url}), harvest_job)
        return None, None
    header = answer.headers.get("Content-Type")
    try:
        text = answer.body.decode(_charset(header), errors="replace")
    except LookupError:
        text = answer.body.decode("utf-8", errors="replace")
    return text, content_type or answer.content_type


def _deletions(stock):
    def mark(self, guids_in_source, harvest_job):
        """ckanext-dcat's deletion of datasets gone from the file, only when the source asks."""
        try:
            config = source_config.parse_dcat(harvest_job.source.config)
        except source_config.ConfigError:
            return []
        if not config.deletes_removed:
            return []
        return stock(self, guids_in_source, harvest_job)
    mark.chervonohrad = True
    return mark


def _existing_dataset(self, guid):
    """`DCATHarvester._get_existing_dataset`, able to find and read a draft: ckanext-dcat looks
    for active datasets only on CKAN 2.11 (so a draft was created again on every harvest) and
    asks `package_show` as nobody, which a draft (an incomplete passport) refuses. A deleted
    one is found too, as on 2.12, and comes back if it reappears. Which source it came from is
    checked before the update (before_update)."""
    found = model.Session.query(model.Package.id).filter(extras.package_column("guid") == guid) \
        .order_by(model.Package.metadata_created).all()
    if not found:
        return None
    if len(found) > 1:
        log.error("More than one dataset has the guid %s", guid)
    return tk.get_action("package_show")({"ignore_auth": True, "use_cache": False}, {"id": found[0][0]})


def _info(stock):
    def info(self):
        """ckanext-dcat's own title and description are English only; these are translated
        where harvest's pages show them (harvest/dcat_rdf.py translated_info)."""
        return {**stock(self), "title": TITLE, "description": DESCRIPTION}
    info.chervonohrad = True
    return info


def guard() -> None:
    from ckanext.dcat.harvesters.rdf import DCATRDFHarvester

    DCATRDFHarvester._get_content_and_type = _read_catalogue
    DCATRDFHarvester._get_existing_dataset = _existing_dataset
    if not getattr(DCATRDFHarvester._mark_datasets_for_deletion, "chervonohrad", False):
        DCATRDFHarvester._mark_datasets_for_deletion = _deletions(DCATRDFHarvester._mark_datasets_for_deletion)
    if not getattr(DCATRDFHarvester.info, "chervonohrad", False):
        DCATRDFHarvester.info = _info(DCATRDFHarvester.info)


@tk.chained_action
@tk.side_effect_free
def harvesters_info_show(up_func, context, data_dict):
    """Harvesters' titles and descriptions in the reader's language (ckanext-harvest's new-source
    form shows them as the harvesters give them)."""
    return [{**info, "title": tk._(info.get("title") or ""), "description": tk._(info.get("description") or "")}
            for info in up_func(context, data_dict)]


# --- the import hooks ----------------------------------------------------------------------------

def _harvested_by(package_id: str, source_id: str) -> bool:
    from ckanext.harvest.model import HarvestObject

    return model.Session.query(HarvestObject.id).filter(
        HarvestObject.package_id == package_id, HarvestObject.harvest_source_id == source_id).first() is not None


class DcatRdfHooks:
    """IDCATRDFHarvester, mixed into the `chervonohrad_ckan` plugin (harvester.py), whose rules
    for organizations and errors it shares (_local_organization, _entitled, _record)."""

    def before_download(self, url, harvest_job):
        return url, []

    def update_session(self, session):
        return session

    def after_download(self, content, harvest_job):
        return content, []

    def after_parsing(self, rdf_parser, harvest_job):
        return rdf_parser, []

    def update_package_schema_for_create(self, package_schema):
        return package_schema

    def update_package_schema_for_update(self, package_schema):
        return package_schema

    def after_create(self, harvest_object, dataset_dict, temp_dict):
        return None

    def after_update(self, harvest_object, dataset_dict, temp_dict):
        return None

    def before_create(self, harvest_object, dataset_dict, temp_dict):
        if harvest_object.source.type == DCAT_HARVESTER:
            self._as_passport(harvest_object, dataset_dict, None)

    def before_update(self, harvest_object, dataset_dict, temp_dict):
        if harvest_object.source.type == DCAT_HARVESTER:
            existing = tk.get_action("package_show")({"ignore_auth": True, "use_cache": False},
                                                     {"id": dataset_dict["id"]})
            self._as_passport(harvest_object, dataset_dict, existing)

    def _as_passport(self, harvest_object, dataset: dict[str, Any], existing: dict[str, Any] | None) -> None:
        """`dataset` (ckanext-dcat's parse) rewritten in place as the passport dataset to save,
        or emptied (ckanext-dcat then leaves it) with the reason recorded."""
        from ckanext.chervonohrad.harvest.harvester import _keep_resource_ids, render

        def refuse(msgid: str, params: dict[str, Any], problems=()) -> None:
            self._record(harvest_object, [mapping.Problem("", "refused", msgid, params, blocking=True), *problems])
            if existing is None:  # nothing of this source's: the object describes no dataset
                harvest_object.current = False
                harvest_object.package_id = None
            dataset.clear()

        guid = harvest_object.guid
        try:
            config = source_config.parse_dcat(harvest_object.source.config)
        except source_config.ConfigError as error:
            self._save_object_error(render(error.msgid, error.params), harvest_object, "Import")
            return refuse(_n("The dataset was not imported"), {})
        if existing is not None and not _harvested_by(existing["id"], harvest_object.harvest_source_id):
            return refuse(NOT_THIS_SOURCES, {"guid": mapping.shown(guid), "name": existing["name"]})

        code = mapping.remote_value(dataset, "publisher_edrpou")
        code = code.strip() if isinstance(code, str) and code.strip() else None
        organization, via = self._local_organization(harvest_object, config, code)
        if organization is None:
            return refuse(NO_ORGANIZATION, {"code": code or "—"})
        if not self._entitled(harvest_object, organization.id, (via,)):
            return refuse(access.NOT_ENTITLED, {"org": organization.display_name})

        landing = mapping.http_url(dataset.get("url")) or mapping.http_url(guid)
        mapped = mapping.map_dataset(dataset, owner_org=organization.id, publisher={"edrpou": code},
                                     source_url=landing, territory=extras.of(organization).get("hromada"))
        state = "active" if mapped.publishable else "draft"
        if existing is not None and existing["state"] == "active" and state == "draft":
            self._record(harvest_object, [mapping.Problem("", "kept", KEPT, {"name": existing["name"]},
                                                          blocking=True), *mapped.problems])
            dataset.clear()
            return None

        passport = {**mapped.dataset, "state": state, "id": dataset["id"],
                    # ckanext-dcat finds the dataset again by this extra on the next harvest
                    "extras": [{"key": "guid", "value": guid}]}
        if existing is not None:
            passport["name"] = existing["name"]
            _keep_resource_ids(passport["resources"], existing.get("resources") or [])
        else:
            passport["name"] = self._ensure_name_is_unique(mapped.dataset["name"]) or dataset["id"]
        self._record(harvest_object, mapped.problems)
        dataset.clear()
        dataset.update(passport)
        return None
