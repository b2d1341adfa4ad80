"""`ckan chervonohrad solr …`: this extension's Solr configset for an operator's own Solr."""
from __future__ import annotations

import click


@click.group()
def solr():
    """The Ukrainian Solr configset this extension needs."""
