"""Who may save and run harvest sources, and which organizations a source may write into.

The rule (docs/design.md, README «Security model»):

* Creating, changing or deleting a harvest source (any harvester) is for regional
  administrators, who must also be allowed to create datasets in every organization the
  source names. A source decides which publishers' datasets it writes, where the portal
  connects, and its import runs as the site user past every per-dataset check; matching
  publishers by EDRPOU can reach any publisher, present or future, so no publisher's
  rights can cover it.
* A publisher's administrator may run (not change) a source of their organization that
  writes only into that organization.
* Saving a source records a *write grant* on it (`GRANT_KEY`, a package extra): who saved
  it and where beyond its own organization it may write. The import writes outside the
  source's own organization only under a grant given by someone who is still a regional
  administrator, so sources saved before these rules (or by anyone else) stay inside
  their own organization and say why.
* ckanext-harvest's `ckan` harvester may not create organizations or groups
  (`remote_orgs`/`remote_groups: create` skip registration approval) nor place datasets
  into local organizations by the remote's names (`remote_orgs: only_local`): refused on
  save for everyone, and a job of an older source with such settings is refused and
  recorded as a finished job with the reason.

Wired by the `chervonohrad_ckan` plugin (harvester.py): chained auth functions and actions.
"""
from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk
from ckan import authz, model

from ckanext.chervonohrad.common import extras
from ckanext.chervonohrad.common.admins import is_regional_admin
from ckanext.chervonohrad.common.i18n import _n
from ckanext.chervonohrad.harvest import source_config

SOURCE_TYPE = "harvest"  # the dataset type of harvest sources (ckanext-harvest)
OWN_HARVESTER = "chervonohrad_ckan"
CKAN_HARVESTER = "ckan"
DCAT_HARVESTER = "dcat_rdf"  # ckanext-dcat's, with this portal's hooks (harvest/dcat_rdf.py)
# The harvesters whose configuration says where datasets go, and how it is read.
CONFIG_PARSERS = {OWN_HARVESTER: source_config.parse, DCAT_HARVESTER: source_config.parse_dcat}
GRANT_KEY = "chervonohrad_write_grant"
# ckanext-harvest's `ckan` harvester settings that create organizations or groups, or put
# datasets into whichever local organization has the remote's name.
FORBIDDEN_CKAN_SETTINGS = {"remote_orgs": ("create", "only_local"), "remote_groups": ("create",)}

NOT_REGIONAL_ADMIN = _n("Only regional administrators may create or change harvest sources")
MAY_NOT_CREATE_IN = _n("You may not create datasets in the organization «{org}», where this harvest source would "
                       "write")
MAY_NOT_RUN = _n("Only regional administrators may run this harvest source (a publisher's administrator may run a "
                 "source of their organization that writes only into it)")
BAD_URL = _n("«URL»: the source's address must be an http or https address of a portal, without a query (?…), a "
             "fragment (#…), a user name or a password, e.g. https://data.gov.ua")
FORBIDDEN_SETTING = _n("«Configuration»: «{option}: {value}» is not allowed on this portal: organizations and groups "
                       "are created only through registration, and a source writes only into the organizations "
                       "chosen when it is saved")
NOT_ENTITLED = _n("This harvest source may not write into the organization «{org}»: only a regional administrator "
                  "can let a source write outside its own organization, by saving the source again")


# --- pure rules ------------------------------------------------------------------------------

def url_is_acceptable(url: Any) -> bool:
    """A source's address: http(s), a host, no query, fragment or credentials (the
    harvester appends `/api/3/action/...`, which a `?` or `#` would turn into a parameter
    or a fragment of an address the source's author chose)."""
    if not isinstance(url, str) or not url.strip() or any(c.isspace() for c in url.strip()):
        return False
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return False
    return (parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.query and not parts.fragment
            and "?" not in url and "#" not in url and parts.username is None and parts.password is None
            and "@" not in parts.netloc)


def forbidden_ckan_setting(config_text: str | None) -> tuple[str, str] | None:
    """The first `ckan` harvester setting this portal refuses, as (option, value)."""
    try:
        config = json.loads(config_text) if config_text and config_text.strip() else {}
    except ValueError:
        return None  # the harvester's own validation says what is wrong
    if not isinstance(config, dict):
        return None
    for option, values in FORBIDDEN_CKAN_SETTINGS.items():
        if config.get(option) in values:
            return option, config[option]
    return None


@dataclass(frozen=True)
class Reach:
    """Where a source's datasets may land: its own organization, the named ones, and
    (`by_edrpou`) any publisher whose EDRPOU matches the remote publisher's."""
    orgs: tuple[str, ...] = ()
    by_edrpou: bool = False
    known: bool = True  # False: a harvester whose reach this portal cannot tell

    def only_own(self, own_org_id: str | None) -> bool:
        return self.known and not self.by_edrpou and all(o == own_org_id for o in self.orgs)


def reach(source_type: str | None, config_text: str | None) -> Reach:
    if source_type in CONFIG_PARSERS:
        try:
            config = CONFIG_PARSERS[source_type](config_text)
        except source_config.ConfigError:
            return Reach(known=False)
        if config.owner_org:
            org = _active_org(config.owner_org)
            return Reach(orgs=(org.id if org else config.owner_org,))
        return Reach(by_edrpou=config.publisher_by_edrpou)
    if source_type == CKAN_HARVESTER:
        return Reach(known=forbidden_ckan_setting(config_text) is None)
    return Reach(known=False)


def entitled(own_org_id: str | None, grant: dict[str, Any] | None, org_id: str, via: str) -> bool:
    """May the import write into `org_id`, reached `via` «owner_org», «edrpou» or «source»?"""
    if org_id == own_org_id:
        return True
    if not isinstance(grant, dict) or not is_regional_admin(grant.get("by")):
        return False
    if via == "owner_org":
        return org_id in (grant.get("orgs") or [])
    return via == "edrpou" and grant.get("edrpou") is True


def grant_of(package: model.Package | None) -> dict[str, Any] | None:
    raw = extras.of(package).get(GRANT_KEY) if package is not None else None
    try:
        grant = json.loads(raw) if raw else None
    except ValueError:
        return None
    return grant if isinstance(grant, dict) else None


# --- auth (chained onto CKAN's and ckanext-harvest's) ------------------------------------------

def _refused(msgid: str, **params: Any) -> dict[str, Any]:
    return {"success": False, "msg": tk._(msgid).format(**params)}


def _may_save(context: dict[str, Any], data_dict: dict[str, Any] | None) -> dict[str, Any] | None:
    """None when the caller may save this source; else the refusal."""
    user = context.get("user")
    if not is_regional_admin(user):
        return _refused(NOT_REGIONAL_ADMIN)
    data_dict = data_dict or {}
    if data_dict.get("source_type") in CONFIG_PARSERS and data_dict.get("config"):
        for org_id in reach(data_dict["source_type"], data_dict["config"]).orgs:
            org = _active_org(org_id)
            if org is not None and not authz.has_user_permission_for_group_or_org(org.id, user, "create_dataset"):
                return _refused(MAY_NOT_CREATE_IN, org=org.display_name)
    return None


def _is_source(context: dict[str, Any], data_dict: dict[str, Any] | None) -> bool:
    data_dict = data_dict or {}
    if data_dict.get("type") == SOURCE_TYPE:
        return True
    package = context.get("package")
    if package is None and data_dict.get("id"):
        package = model.Package.get(data_dict["id"])
    return package is not None and package.type == SOURCE_TYPE


@tk.chained_auth_function
def package_create(next_auth, context, data_dict=None):
    if (data_dict or {}).get("type") == SOURCE_TYPE:
        return _may_save(context, data_dict) or next_auth(context, data_dict)
    return next_auth(context, data_dict)


@tk.chained_auth_function
def package_update(next_auth, context, data_dict=None):
    if _is_source(context, data_dict):
        return _may_save(context, data_dict) or next_auth(context, data_dict)
    return next_auth(context, data_dict)


@tk.chained_auth_function
def harvest_source_create(next_auth, context, data_dict=None):
    return _may_save(context, data_dict) or next_auth(context, data_dict)


@tk.chained_auth_function
def harvest_source_update(next_auth, context, data_dict=None):
    return _may_save(context, data_dict) or next_auth(context, data_dict)


@tk.chained_auth_function
def harvest_source_patch(next_auth, context, data_dict=None):
    return _may_save(context, data_dict) or next_auth(context, data_dict)


def _may_run(next_auth, context, data_dict):
    user = context.get("user")
    if is_regional_admin(user):
        return next_auth(context, data_dict)
    source = model.Package.get((data_dict or {}).get("source_id") or "")
    harvest_source = _harvest_source(source.id) if source is not None else None
    if (source is not None and harvest_source is not None and source.owner_org
            and reach(harvest_source.type, harvest_source.config).only_own(source.owner_org)
            and authz.users_role_for_group_or_org(source.owner_org, user) == "admin"):
        return {"success": True}
    return _refused(MAY_NOT_RUN)


@tk.chained_auth_function
def harvest_job_create(next_auth, context, data_dict=None):
    return _may_run(next_auth, context, data_dict)


@tk.chained_auth_function
def harvest_send_job_to_gather_queue(next_auth, context, data_dict=None):
    return _may_run(next_auth, context, data_dict)


def _may_read_jobs(next_auth, context, source_id):
    """ckanext-harvest shows a source's jobs and reports to whoever may change the source;
    the members who may edit the source organization's datasets keep seeing them."""
    user = context.get("user")
    if is_regional_admin(user):
        return next_auth
    source = model.Package.get(source_id or "")
    if source is not None and source.owner_org and authz.has_user_permission_for_group_or_org(
            source.owner_org, user, "update_dataset"):
        return None
    return next_auth


@tk.chained_auth_function
def harvest_job_list(next_auth, context, data_dict=None):
    decided = _may_read_jobs(next_auth, context, (data_dict or {}).get("source_id"))
    return decided(context, data_dict) if decided else {"success": True}


@tk.chained_auth_function
def harvest_job_show(next_auth, context, data_dict=None):
    from ckanext.harvest.model import HarvestJob

    job = context.get("job") or HarvestJob.get((data_dict or {}).get("id") or "")
    decided = _may_read_jobs(next_auth, context, job.source_id if job is not None else None)
    return decided(context, data_dict) if decided else {"success": True}


def get_auth_functions() -> dict[str, Any]:
    return {f.__name__: f for f in (package_create, package_update, harvest_source_create, harvest_source_update,
                                    harvest_source_patch, harvest_job_create, harvest_send_job_to_gather_queue,
                                    harvest_job_list, harvest_job_show)}


# --- actions (chained): checks that bind sysadmins too, and the write grant ---------------------

def _check_and_grant(context: dict[str, Any], data_dict: dict[str, Any]) -> None:
    """Refuse a bad address or a forbidden `ckan` harvester setting (ValidationError naming
    the field), and record who may let this source write where."""
    errors: dict[str, list[str]] = {}
    if "url" in data_dict and not url_is_acceptable(data_dict.get("url")):
        errors["url"] = [tk._(BAD_URL)]
    source_type = data_dict.get("source_type")
    config_text = data_dict.get("config")
    if config_text is None and data_dict.get("id"):
        existing = _harvest_source(data_dict["id"])
        config_text = existing.config if existing is not None else None
        source_type = source_type or (existing.type if existing is not None else None)
    if source_type == CKAN_HARVESTER:
        forbidden = forbidden_ckan_setting(config_text)
        if forbidden:
            errors["config"] = [tk._(FORBIDDEN_SETTING).format(option=forbidden[0], value=forbidden[1])]
    if source_type == DCAT_HARVESTER:  # ckanext-dcat checks only its own option
        try:
            source_config.parse_dcat(config_text)
        except source_config.ConfigError as error:
            errors["config"] = [tk._(error.msgid).format(**error.params)]
    if errors:
        raise tk.ValidationError(errors)

    kept = [e for e in (data_dict.get("extras") or []) if isinstance(e, dict) and e.get("key") != GRANT_KEY]
    user = context.get("user")
    if is_regional_admin(user):
        # The account's id: an id cannot be chosen, a user name can be re-registered.
        account = model.User.get(user)
        target = reach(source_type, config_text)
        grant = {"by": account.id if account is not None else user, "orgs": list(target.orgs),
                 "edrpou": target.by_edrpou, "at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")}
        kept.append({"key": GRANT_KEY, "value": json.dumps(grant, ensure_ascii=False)})
    data_dict["extras"] = kept


@tk.chained_action
def package_create_action(up_func, context, data_dict):
    if data_dict.get("type") == SOURCE_TYPE:
        tk.check_access("package_create", context, data_dict)  # who may, before what is wrong
        _check_and_grant(context, data_dict)
    return up_func(context, data_dict)


@tk.chained_action
def package_update_action(up_func, context, data_dict):
    if _is_source(context, data_dict):
        tk.check_access("package_update", context, data_dict)
        _check_and_grant(context, data_dict)
    return up_func(context, data_dict)


@tk.chained_action
def harvest_job_create_action(up_func, context, data_dict):
    """A job of a `ckan` source saved before these rules with a forbidden setting is
    recorded as finished with the reason, not run (scheduled runs go on with the others)."""
    from ckanext.harvest.model import HarvestGatherError, HarvestJob

    source = _harvest_source(data_dict.get("source_id") or "")
    forbidden = forbidden_ckan_setting(source.config) if source is not None and source.type == CKAN_HARVESTER \
        else None
    if forbidden is None:
        return up_func(context, data_dict)
    job_dict = up_func(context, {**data_dict, "run": False})
    job = HarvestJob.get(job_dict["id"])
    job.status = "Finished"
    job.gather_started = job.gather_finished = job.finished = datetime.datetime.utcnow()
    job.save()
    message = tk._(FORBIDDEN_SETTING).format(option=forbidden[0], value=forbidden[1])
    HarvestGatherError(message=message, job=job).save()
    return {**job_dict, "status": "Finished"}


package_create_action.__name__ = "package_create"
package_update_action.__name__ = "package_update"
harvest_job_create_action.__name__ = "harvest_job_create"


def get_actions() -> dict[str, Any]:
    return {"package_create": package_create_action, "package_update": package_update_action,
            "harvest_job_create": harvest_job_create_action}


# --- helpers ---------------------------------------------------------------------------------

def _active_org(name_or_id: str) -> model.Group | None:
    group = model.Group.get(name_or_id)
    return group if group is not None and group.is_organization and group.state == "active" else None


def _harvest_source(source_id: str):
    from ckanext.harvest.model import HarvestSource

    return HarvestSource.get(source_id) if source_id else None
