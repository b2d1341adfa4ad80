"""`ckan chervonohrad adopt`: bringing a portal's older content up to the passport."""
from __future__ import annotations

import click


@click.command()
def adopt():
    """Report what each publisher and dataset lacks (a dry run)."""
    raise click.ClickException("not built yet")
