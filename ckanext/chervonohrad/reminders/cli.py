from __future__ import annotations

import datetime as dt

import click


@click.group(short_help="Reminders of datasets due for an update.")
def reminders():
    pass


@reminders.command("send")
@click.option("--date", "on", help="The day (YYYY-MM-DD) to send as of; default today in Kyiv.")
@click.option("--dry-run", is_flag=True, help="Print who would be written to about what; send nothing.")
def send(on: str | None, dry_run: bool):
    """Send today's update reminders (the scheduler does this daily; safe to run again)."""
    from ckanext.chervonohrad.reminders import updates

    try:
        day = dt.date.fromisoformat(on) if on else updates.today()
    except ValueError as error:
        raise click.BadParameter(f"{on!r}: write a date as YYYY-MM-DD", param_hint="--date") from error
    if dry_run:
        letters, datasets = updates.plan(day)
        for letter in letters:
            names = ", ".join(f"{datasets[i.package_id]['name']} ({i.kind}, due {i.due})" for i in letter.items)
            click.echo(f"{letter.address}: {names}")
        click.secho(f"Would send {len(letters)} letters", fg="yellow")
        return
    counts = updates.run(day)
    click.secho("Sent {letters} letters naming {datasets} datasets ({skipped} written by another run)".format(**counts),
                fg="green")
