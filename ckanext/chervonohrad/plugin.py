"""The `chervonohrad` plugin: wiring only. Each capability lives in its own room
(see the package's subfolders); `collect` gathers what the rooms export."""
from __future__ import annotations

import os

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.plugins import DefaultTranslation

from ckanext.chervonohrad import cli, collect
from ckanext.chervonohrad import config as settings
from ckanext.chervonohrad.common import jsonp, ratelimit, web_errors
from ckanext.chervonohrad.passport import compatibility, validators
from ckanext.chervonohrad.passport.vocabularies import DATA_DIR
from ckanext.chervonohrad.performance import summary
from ckanext.chervonohrad.quality import linkcheck, scoring
from ckanext.chervonohrad.reports import register_dataset
from ckanext.chervonohrad.search import facets, index, query, results
from ckanext.chervonohrad.showcase.labels import Labels
from ckanext.chervonohrad.structure import checks as structure_checks

CKAN_LOGO = "/base/images/ckan-logo.png"
PORTAL_LOGO = "/chervonohrad/logo.svg"


@tk.blanket.config_declarations
@tk.blanket.cli(cli.get_commands)
@tk.blanket.helpers(collect.helpers)
@tk.blanket.validators(collect.validators)
@tk.blanket.actions(collect.actions)
@tk.blanket.auth_functions(collect.auth_functions)
@tk.blanket.blueprints(collect.blueprints)
class ChervonohradPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.ITranslation)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.IMiddleware, inherit=True)
    p.implements(p.IPermissionLabels)

    # IConfigurer

    def update_config(self, config_):
        tk.add_template_directory(config_, "templates")
        tk.add_public_directory(config_, "public")
        tk.add_resource("assets", "chervonohrad")
        # Only open licences are offered (data/licenses.json); an operator may point elsewhere.
        if not config_.get("licenses_group_url"):
            config_["licenses_group_url"] = "file://" + os.path.join(DATA_DIR, "licenses.json")
        # The portal's own mark instead of CKAN's, unless the operator chose a logo.
        if config_.get("ckan.site_logo") in (None, CKAN_LOGO):
            config_["ckan.site_logo"] = PORTAL_LOGO

    # IConfigurable

    def configure(self, config_):
        # Publishers' stored figures follow every change of their datasets and scores, in every
        # process that loads the plugin (web, CLI, jobs worker); idempotent.
        summary.track_changes()

    # IMiddleware

    def make_middleware(self, app, config):
        web_errors.register(app)
        jsonp.register(app)
        # Behind a reverse proxy the client's address is in X-Forwarded-For (rate limits count it).
        return ratelimit.install_proxy_fix(app, settings.trusted_proxies())

    # IPermissionLabels: use case proposals are found only by those who may see them.

    _labels = Labels()

    def get_dataset_labels(self, dataset_obj):
        return self._labels.get_dataset_labels(dataset_obj)

    def get_user_dataset_labels(self, user_obj):
        return self._labels.get_user_dataset_labels(user_obj)

    # IPackageController

    def before_dataset_index(self, pkg_dict):
        return index.document(pkg_dict)

    def after_dataset_create(self, context, pkg_dict):
        self._rescore(pkg_dict)
        register_dataset.on_dataset_changed(pkg_dict)

    def after_dataset_update(self, context, pkg_dict):
        self._rescore(pkg_dict)
        register_dataset.on_dataset_changed(pkg_dict)

    def after_dataset_delete(self, context, pkg_dict):
        scoring.forget(pkg_dict["id"])
        register_dataset.on_dataset_changed(pkg_dict)

    @staticmethod
    def _rescore(pkg_dict):
        # The cheap metadata part of the score follows every change, in the same transaction;
        # the links are checked by a background job once that transaction has committed.
        # Datasets only: a harvest source is a package too, but not one to score.
        if pkg_dict.get("type", "dataset") != "dataset":
            return
        pkg = tk.get_action("package_show")({"ignore_auth": True, "use_cache": False}, {"id": pkg_dict["id"]})
        scoring.store(pkg)
        linkcheck.enqueue_after_commit(pkg["id"])
        structure_checks.enqueue_after_commit(pkg["id"])

    def before_dataset_search(self, search_params):
        return query.search_params(search_params)

    def after_dataset_search(self, search_results, search_params):
        return results.with_scores(search_results)

    def after_dataset_show(self, context, pkg_dict):
        return compatibility.with_publisher_codes(pkg_dict)

    def before_dataset_view(self, pkg_dict):
        # Search results too (package_search does not call after_dataset_show), so a
        # data.gov.ua-style harvester of this portal finds the EDRPOU in either answer.
        return compatibility.with_publisher_codes(pkg_dict)

    # IResourceController

    def before_resource_delete(self, context, resource, resources):
        package = model.Resource.get(resource["id"]).package
        validators.refuse_orphaning_delete(resource["id"], resources, package.state)

    # IFacets

    def dataset_facets(self, facets_dict, package_type):
        return facets.dataset_facets(facets_dict, package_type)
