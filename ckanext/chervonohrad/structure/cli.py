"""`ckan chervonohrad structure …`: validate data against their structure now."""
from __future__ import annotations

import click


@click.group(short_help="Data checked against their structure files.")
def structure():
    """Validation of CSV and XLSX data against their dataset's structure file."""


@structure.command("check")
@click.argument("dataset", required=False)
@click.option("--queue", is_flag=True, help="Queue background jobs instead of checking here.")
def check(dataset: str | None, queue: bool):
    """Validate DATASET's data (id or name) now, or every dataset with a structure file; store
    the reports and score the datasets again."""
    from ckan import model

    from ckanext.chervonohrad.structure import checks

    if dataset:
        ids = [dataset]
    else:
        ids = [name for (name,) in model.Session.query(model.Package.name)
               .filter(model.Package.state != "deleted", model.Package.type == "dataset").order_by(model.Package.name)]
    failed = 0
    for package_id in ids:
        if queue:
            checks.enqueue(package_id, force=True)
            continue
        reports = checks.check_dataset(package_id)
        if dataset and not reports and checks.dataset_or_none(package_id) is None:
            raise click.ClickException(f"no such dataset: {dataset}")
        statuses = [r.status for r in reports.values()]
        failed += statuses.count("invalid") + statuses.count("error")
        if reports:
            counts = ", ".join(f"{s}: {statuses.count(s)}" for s in ("valid", "invalid", "skipped", "error")
                               if statuses.count(s))
            click.echo(f"{package_id}: {counts}")
    if queue:
        click.secho(f"Queued structure checks of {len(ids)} dataset(s)", fg="green")
    else:
        click.secho(f"Checked {len(ids)} dataset(s); {failed} resource(s) invalid or not checkable",
                    fg="yellow" if failed else "green")
