"""The suite: one folder per room, as in the package (see docs/design.md)."""
import os

# The project's checkout (setup.py, test.ini, var/) and the package the suite tests.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, "ckanext", "chervonohrad")
def suite_ini() -> str:
    """The configuration file this test session runs under (--ckan-ini), for the CKAN commands tests
    start as subprocesses, so they reach the same database, Solr core and Redis as the test."""
    from ckan.common import config

    return config["__file__"]


def cli_runner():
    """click's CliRunner with stdout and stderr apart: click 8.1 (CKAN 2.11) mixes them unless
    told not to; click 8.2 (CKAN 2.12) keeps them apart and has no such option."""
    import inspect

    from click.testing import CliRunner

    if "mix_stderr" in inspect.signature(CliRunner).parameters:
        return CliRunner(mix_stderr=False)
    return CliRunner()
