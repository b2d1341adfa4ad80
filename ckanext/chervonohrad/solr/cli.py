"""`ckan chervonohrad solr …`: this extension's Solr configset for an operator's own Solr."""
from __future__ import annotations

import os

import click

CONFIGSET_NAME = "ckan-chervonohrad"


@click.group()
def solr():
    """The Ukrainian Solr configset this extension needs."""


def next_steps(dest: str, zip_path: str | None) -> str:
    """What an operator does with the written configset, for standalone Solr and SolrCloud."""
    from ckanext.chervonohrad.solr import configset

    zipped = zip_path or "FILE.zip (write one with --zip FILE.zip)"
    return f"""
Solr needs its {configset.SOLR_MODULE} module for the Ukrainian lemmatisation (Morfologik and the
Ukrainian dictionary): SOLR_MODULES={configset.SOLR_MODULE} in solr.in.sh, or
-e SOLR_MODULES={configset.SOLR_MODULE} for the solr Docker image. Tested with Solr 9.

Standalone Solr, a new core `ckan`:
  bin/solr create -c ckan -d {dest}
or with CoreAdmin, {dest} being inside the Solr home (or listed in -Dsolr.allowPaths):
  curl 'http://SOLR_HOST:8983/solr/admin/cores?action=CREATE&name=ckan&instanceDir={dest}'

SolrCloud, a collection `ckan` (write the configset with --cloud: its replicas need a numeric
_version_):
  bin/solr zk upconfig -n {CONFIGSET_NAME} -d {dest} -z ZK_HOST
or through the Configsets API:
  curl -X PUT -H 'Content-Type: application/octet-stream' --data-binary @{zipped} \\
    'http://SOLR_HOST:8983/solr/admin/configs?action=UPLOAD&name={CONFIGSET_NAME}'
then:
  curl 'http://SOLR_HOST:8983/solr/admin/collections?action=CREATE&name=ckan&numShards=1&collection.configName={CONFIGSET_NAME}'

Then set solr_url = http://SOLR_HOST:8983/solr/ckan in the CKAN ini, and run
  ckan -c CKAN_INI search-index rebuild
  ckan -c CKAN_INI chervonohrad solr check
(To switch a portal that runs on a stock core, create a new core from the configset, point solr_url
at it and rebuild: Solr cannot re-type `quality_score` in an index that holds it as a string.)"""


@solr.command("configset")
@click.argument("dest", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Write over a non-empty DEST (other files in it are kept).")
@click.option("--zip", "zip_path", type=click.Path(dir_okay=False),
              help="Also write the conf files as a zip, for SolrCloud's Configsets API upload.")
@click.option("--ckan-schema", type=click.Path(dir_okay=False, exists=True),
              help="CKAN's schema.xml to derive from (default: the installed CKAN's).")
@click.option("--cloud", is_flag=True,
              help="For a new SolrCloud collection: a numeric _version_, which replicas need.")
def configset_command(dest: str, force: bool, zip_path: str | None, ckan_schema: str | None, cloud: bool):
    """Write the portal's Solr configset to DEST (DEST/conf/: schema.xml derived from the installed
    CKAN's, solrconfig.xml, the Ukrainian analysis files): a standalone core's instanceDir, or a
    configset to upload to SolrCloud."""
    import ckan

    from ckanext.chervonohrad.solr import configset

    dest = os.path.abspath(dest)
    zip_path = os.path.abspath(zip_path) if zip_path else None
    try:
        if zip_path:  # refused before anything is written
            configset.check_zip_target(zip_path, force=force)
        written = configset.write(dest, ckan_schema, force=force, cloud=cloud)
        if zip_path:
            configset.write_zip(written, zip_path, force=force)
    except configset.ConfigsetError as error:
        raise click.ClickException(str(error)) from None
    name, version = configset.schema_identity(configset.parse(written[-1]))
    click.secho(f"Wrote the configset to {dest}/conf: schema.xml ({name}, version {version}, derived from "
                f"CKAN {ckan.__version__}'s), " + ", ".join(os.path.basename(p) for p in written[:-1]), fg="green")
    if zip_path:
        click.secho(f"Wrote {zip_path} (the same files, for the Configsets API)", fg="green")
    click.echo(next_steps(dest, zip_path))


def report(url: str, found: list[str]) -> bool:
    """Print the check's result; True when the core has this extension's schema."""
    from ckanext.chervonohrad.solr import check

    if not found:
        click.secho(f"solr OK: {url} has this extension's schema (Ukrainian analysis, numeric "
                    f"quality_score)", fg="green")
        return True
    click.echo(f"Error: the Solr core at {url} lacks this extension's schema:", err=True)
    for problem in found:
        click.echo(f"  - {problem}", err=True)
    click.echo(f"Fix: {check.FIX}.", err=True)
    return False


def run_check() -> bool:
    """Check the portal's own Solr core and print the result (also used by `chervonohrad status`)."""
    from ckanext.chervonohrad.solr import check

    url, user, password, timeout = check.portal_connection()
    try:
        found = check.check_core(url, user, password, timeout=min(timeout, 30))
    except check.SolrUnreachable as error:
        click.echo(f"Error: {error}", err=True)
        return False
    return report(url, found)


@solr.command("check")
def check_command():
    """Ask the portal's Solr (solr_url) whether it has this extension's schema."""
    if not run_check():
        raise SystemExit(1)
