"""`ckan chervonohrad materials …`: the starter set of methodological materials."""
from __future__ import annotations

import click


@click.group()
def materials():
    """Methodological materials for responsible persons (/materials)."""


@materials.command("seed")
def seed_command():
    """Add the starter set's materials whose link is not listed yet (safe to run again)."""
    from ckanext.chervonohrad.materials.seed import seed

    click.secho(f"Materials: {seed()} added from the starter set", fg="green")
