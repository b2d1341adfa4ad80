"""The Solr tests' fixtures."""
from __future__ import annotations

import traceback

import pytest

from tests import cli_runner
from tests.solr.helpers import Done


@pytest.fixture
def chervonohrad(monkeypatch, ckan_config):
    """chervonohrad(*args, **options): `ckan chervonohrad ARGS` run in this process, under the suite's
    configuration with `options` changed (as ini_with writes them for a subprocess). The start-up
    of a `ckan` process (about 5 s) is what the Solr tests do not test; CKAN 2.11 reads solr_url,
    solr_user and solr_password into its SolrSettings as it starts, so they are set there too
    (2.12 reads the configuration on each connection).
    An exception the command does not handle reaches stderr as its traceback, as in a process."""
    from ckan.lib.search import common

    from ckanext.chervonohrad import cli

    settings = getattr(common, "SolrSettings", None)

    def run(*args: str, **options: str) -> Done:
        for key, value in options.items():
            monkeypatch.setitem(ckan_config, key, value)
        if settings is not None and {"solr_url", "solr_user", "solr_password"} & set(options):
            url, user, password = settings.get()
            monkeypatch.setattr(settings, "_url", ckan_config.get("solr_url", url))
            monkeypatch.setattr(settings, "_user", ckan_config.get("solr_user", user))
            monkeypatch.setattr(settings, "_password", ckan_config.get("solr_password", password))
        result = cli_runner().invoke(cli.chervonohrad, list(args))
        stderr = result.stderr
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            stderr += "".join(traceback.format_exception(result.exception))
        return Done(result.exit_code, result.stdout, stderr)
    return run
