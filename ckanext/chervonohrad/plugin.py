# -*- coding: utf-8 -*-
"""The `chervonohrad` plugin: wiring only. Each capability lives in its own room
(see the package's subfolders); blankets register what the rooms export."""
from __future__ import annotations

import os

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.chervonohrad import cli, helpers
from ckanext.chervonohrad.passport.vocabularies import DATA_DIR


@tk.blanket.config_declarations
@tk.blanket.cli(cli.get_commands)
@tk.blanket.helpers(helpers.get_helpers)
class ChervonohradPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)

    # IConfigurer

    def update_config(self, config_):
        tk.add_template_directory(config_, "templates")
        tk.add_public_directory(config_, "public")
        tk.add_resource("assets", "chervonohrad")
        # Only open licences are offered (data/licenses.json); an operator may point elsewhere.
        if not config_.get("licenses_group_url"):
            config_["licenses_group_url"] = "file://" + os.path.join(DATA_DIR, "licenses.json")
