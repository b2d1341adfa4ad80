from __future__ import annotations

import datetime as dt

import click

MESSAGES = ("update_reminder", "feedback_waiting", "feedback_waiting_hromada", "weekly_digest", "quarter_scorecard")


def _told(row) -> str:
    """What one sent-log line of a planned letter names."""
    about = getattr(row, "about", None)
    return about or f"{row.package_id} ({row.kind}, due {row.due})"


@click.group(short_help="The reminders, digests and scorecards the portal sends by itself.")
def reminders():
    pass


@reminders.command("send")
@click.option("--message", "templates", multiple=True, type=click.Choice(MESSAGES),
              help="Which message (repeat for several); default: the update reminders.")
@click.option("--date", "on", help="The day (YYYY-MM-DD) to send as of; default today in Kyiv.")
@click.option("--dry-run", is_flag=True, help="Print who would be written to; send nothing.")
def send(templates: tuple[str, ...], on: str | None, dry_run: bool):
    """Send a message's letters of the day (the scheduler does this; safe to run again: what was
    sent is logged and not sent twice)."""
    from ckanext.chervonohrad.reminders import messages, outbox

    try:
        day = dt.date.fromisoformat(on) if on else outbox.today()
    except ValueError as error:
        raise click.BadParameter(f"{on!r}: write a date as YYYY-MM-DD", param_hint="--date") from error
    for template in templates or ("update_reminder",):
        if dry_run:
            letters = messages.BY_TEMPLATE[template].plan(day)
            for letter in letters:
                click.echo(f"{template} → {letter.address}: {', '.join(_told(row) for row in letter.logs)}")
            click.secho(f"{template}: would send {len(letters)} letters", fg="yellow")
            continue
        counts = messages.send(template, day)
        click.secho(f"{template}: sent {counts['letters']} letters ({counts['skipped']} written by another run)",
                    fg="green")
