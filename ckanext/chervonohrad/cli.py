"""`ckan chervonohrad …` commands, grouped by room."""
from __future__ import annotations

import datetime as dt

import click

from ckanext.chervonohrad import config
from ckanext.chervonohrad.adoption.cli import adopt
from ckanext.chervonohrad.materials.cli import materials
from ckanext.chervonohrad.reminders.cli import reminders
from ckanext.chervonohrad.schedule.cli import schedule
from ckanext.chervonohrad.solr.cli import solr
from ckanext.chervonohrad.structure.cli import structure


@click.group(short_help="Lviv oblast open-data portal: demo data, health checks.")
def chervonohrad():
    pass


@chervonohrad.group()
def demo():
    """Demo publishers and Resolution 835 datasets."""


@demo.command("load")
@click.option("--reset", is_flag=True, help="Purge the demo's datasets and publishers first.")
def demo_load(reset: bool):
    """Load the demo content (idempotent; --reset reloads it from scratch)."""
    import logging

    from ckanext.chervonohrad.demo import loader

    # Indexing logs a line per dataset; the summary below is what an operator needs.
    logging.getLogger("ckan.lib.search").setLevel(logging.WARNING)
    counts = loader.load(reset=reset)
    click.secho(
        "Demo: {users} users ({officers} council officers), {organizations} publishers, {datasets} new datasets, "
        "{applications} new publisher applications, {snapshots} quarters of quality history".format(**counts),
        fg="green",
    )
    click.echo(f"Sysadmin: {loader.SYSADMIN['name']} / {loader.DEMO_PASSWORD} (every demo user has this password)")


@chervonohrad.command()
@click.option("--wait", default=0, help="Seconds to wait for a worker to run a fresh heartbeat job.")
def status(wait: int):
    """Report whether a background-jobs worker is consuming the queue, whether the portal's Solr
    core has this extension's schema and whether email has a sender. Exits non-zero when one
    of them is not so."""
    import time

    import ckan.plugins.toolkit as tk

    from ckanext.chervonohrad.common import jobs, mail
    from ckanext.chervonohrad.solr.cli import run_check

    def worker_problem() -> str | None:
        """Whether each queue has a worker: one that ran its heartbeat job lately."""
        if wait:
            token = dt.datetime.utcnow().isoformat()
            for queue in jobs.QUEUES:
                jobs.enqueue_heartbeat(token, queue)
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and any(jobs.last_heartbeat(q)[1] != token for q in jobs.QUEUES):
                time.sleep(0.5)
        ages = {}
        for queue in jobs.QUEUES:
            at, _token = jobs.last_heartbeat(queue)
            if at is None:
                return (f"no worker has run a heartbeat job yet on the queue {queue!r} "
                        f"(start `ckan jobs worker {' '.join(jobs.QUEUES)}`)")
            ages[queue] = int((dt.datetime.now(dt.UTC) - at).total_seconds())
            if ages[queue] > config.worker_heartbeat_max_age():
                return f"the last heartbeat on the queue {queue!r} is {ages[queue]} s old: is its jobs worker running?"
        click.secho("worker OK: last heartbeat " + ", ".join(f"{q} {a} s ago" for q, a in ages.items()), fg="green")
        return None

    problem = worker_problem()
    if problem:
        # As click.ClickException prints it, which this command raised before it checked Solr too.
        click.echo(f"Error: {problem}", err=True)
    solr_ok = run_check()
    if mail.sender_missing():
        click.echo("Error: smtp.mail_from is not set: no email can be sent (it waits as pending mail "
                   "until the option is set)", err=True)
    else:
        click.secho(f"email OK: sent from {tk.config.get('smtp.mail_from')}", fg="green")
    _scheduler_runs()
    missing = _missing_indexes()
    if missing:
        click.echo(f"Error: the database lacks the index {', '.join(missing)} that hromada views read through "
                   "(after upgrading CKAN, run `ckan chervonohrad upgrade`)", err=True)
    else:
        click.secho("database OK: this extension's indexes are in place", fg="green")
    if problem or not solr_ok or mail.sender_missing() or missing:
        raise SystemExit(1)


def _scheduler_runs() -> None:
    """Each scheduled task's last run (informative: a portal may run the tasks from cron)."""
    from ckanext.chervonohrad.schedule import runner
    from ckanext.chervonohrad.schedule.tasks import TASKS

    runs = runner.last_runs()
    for task in TASKS:
        last = runs.get(task.name)
        if last is None:
            click.echo(f"schedule: {task.name} has not run yet (start `ckan chervonohrad schedule`)")
        else:
            click.echo(f"schedule: {task.name} last ran for {last['period']} at {last['started']:%Y-%m-%d %H:%M} "
                       f"UTC: {last['outcome'] or 'running'}")


def _missing_indexes() -> list[str]:
    from ckan import model

    from ckanext.chervonohrad.common import extras

    with model.meta.engine.connect() as connection:
        return extras.missing_indexes(connection)


@chervonohrad.command()
def upgrade():
    """Run after `ckan db upgrade` when CKAN itself was upgraded (e.g. 2.11 to 2.12): makes again
    the indexes this extension keeps on CKAN's own tables, where this CKAN version keeps the
    data they index. Safe to run at any time; it makes only what is missing."""
    from ckan import model

    from ckanext.chervonohrad.common import extras

    with model.meta.engine.begin() as connection:
        made = extras.ensure_indexes(connection)
    click.secho(f"Made the index {', '.join(made)}" if made else "Every index of this extension is in place",
                fg="green")


@chervonohrad.group()
def quality():
    """Dataset quality scores."""


@quality.command()
@click.option("--links", is_flag=True, help="Also queue a link check of every dataset's resources.")
@click.option("--page-size", default=500, show_default=True, help="Datasets read from the index at a time.")
@click.option("--jobs", "in_jobs", is_flag=True,
              help="Queue the whole rescore as background jobs, one per slice of datasets, for several "
                   "`ckan jobs worker` processes to share.")
@click.option("--slice-size", default=1000, show_default=True, help="Datasets per job (with --jobs).")
@click.option("--wait", is_flag=True, help="With --jobs: wait until the workers have done every job and report.")
def rescore(links: bool, page_size: int, in_jobs: bool, slice_size: int, wait: bool):
    """Recompute every dataset's score (nightly: the dates move on even when datasets do not).
    Datasets whose score changed are re-indexed by background jobs (run `ckan jobs worker`)."""
    import logging

    from ckanext.chervonohrad.quality import linkcheck
    from ckanext.chervonohrad.quality import rescore as rescoring

    logging.getLogger("ckan.lib.search").setLevel(logging.WARNING)
    if in_jobs:
        queued = rescoring.enqueue_slices(slice_size=slice_size)
        click.secho(f"Queued {len(queued)} rescore jobs of up to {slice_size} datasets; run `ckan jobs worker` "
                    "(several at once go faster)", fg="green")
        if wait:
            with click.progressbar(length=len(queued), label="Waiting for the rescore jobs") as bar:
                counts = rescoring.wait(queued, on_progress=bar.update)
            click.secho("Scored {scored} datasets, {changed} changed and re-indexed, {unindexed} read from the "
                        "database because the index lacked them; {failed} jobs failed".format(**counts),
                        fg="red" if counts["failed"] else "green")
    else:
        with click.progressbar(length=len(rescoring.dataset_ids()), label="Scoring datasets") as bar:
            counts = rescoring.rescore(page_size=page_size, on_progress=bar.update)
        click.secho("Scored {scored} datasets, {changed} changed (queued for re-indexing), "
                    "{unindexed} read from the database because the index lacked them".format(**counts), fg="green")
    if links:
        click.secho(f"Queued link checks of {linkcheck.enqueue_all()} datasets", fg="green")


@quality.command()
@click.option("--quarter", help="The quarter to freeze, e.g. 2025Q3 (default: the current one).")
@click.option("--replace", is_flag=True, help="Overwrite an existing snapshot of that quarter.")
def snapshot(quarter: str | None, replace: bool):
    """Freeze every publisher's and the council's figures for a quarter (the scorecard's data)."""
    from ckan import model

    from ckanext.chervonohrad.performance import figures, rating

    quarter = quarter or figures.quarter_of(dt.date.today())
    if not figures.quarter_is_past_or_current(quarter, dt.date.today()):
        raise click.BadParameter(f"{quarter!r}: write a quarter that has begun as YYYYQN, e.g. 2025Q3",
                                 param_hint="--quarter")
    try:
        count = rating.take_snapshot(quarter, replace=replace)
    except FileExistsError as error:
        raise click.ClickException(f"a snapshot of {quarter} exists already; pass --replace to overwrite it") from error
    model.Session.commit()
    click.secho(f"Snapshot {quarter}: {count} publishers and the council total", fg="green")


@quality.command("summary")
@click.option("--check", is_flag=True, help="Only compare the stored figures with fresh ones; exit 1 on a difference.")
def summary_(check: bool):
    """Rebuild every publisher's stored dataset figures (after changes made by raw SQL,
    which the portal cannot notice), or --check them."""
    from ckan import model

    from ckanext.chervonohrad.performance import summary

    if check:
        drifted = summary.drift()
        if drifted:
            raise click.ClickException(f"{len(drifted)} publishers' stored figures are out of date: "
                                       f"{', '.join(drifted[:20])}{' …' if len(drifted) > 20 else ''}; "
                                       "run `ckan chervonohrad quality summary`")
        click.secho("Every publisher's stored figures are up to date", fg="green")
        return
    count = summary.refresh()
    model.Session.commit()
    click.secho(f"Stored figures rebuilt for {count} publishers", fg="green")


@chervonohrad.group()
def hromada():
    """Hromadas: assigning publishers, council officers."""


def _as_site_user(action: str, data_dict: dict):
    import ckan.plugins.toolkit as tk

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    try:
        return tk.get_action(action)({"user": site_user["name"], "ignore_auth": True}, data_dict)
    except tk.ValidationError as error:
        raise click.ClickException("\n".join(
            message for messages in error.error_dict.values() for message in messages)) from error
    except tk.ObjectNotFound as error:
        raise click.ClickException(str(error.message or error)) from error


@hromada.command("list")
def hromada_list():
    """The oblast's hromadas with their KATOTTG codes and number of publishers."""
    for row in _as_site_user("chervonohrad_hromada_list", {}):
        click.echo(f"{row['code']}\t{row['publishers']}\t{row['label']['uk']}")


@hromada.command("assign")
@click.argument("csv_file", type=click.File(encoding="utf-8-sig"))
def hromada_assign(csv_file):
    """Assign publishers to hromadas from a CSV with the columns `organization` (id, name or
    EDRPOU code) and `hromada` (KATOTTG code). All or nothing: one bad row and nothing changes."""
    import csv

    reader = csv.DictReader(csv_file)
    missing = {"organization", "hromada"} - set(reader.fieldnames or [])
    if missing:
        raise click.ClickException(f"the CSV lacks the column(s): {', '.join(sorted(missing))}")
    rows = [{"organization": (row["organization"] or "").strip(), "hromada": (row["hromada"] or "").strip()}
            for row in reader]
    result = _as_site_user("chervonohrad_hromada_assign", {"assignments": rows})
    click.secho("Assigned {assigned} publishers ({changed} changed)".format(**result), fg="green")


@hromada.group()
def officer():
    """Council officers: users who oversee one hromada's publishers."""


@officer.command("add")
@click.argument("hromada_code")
@click.argument("user")
def officer_add(hromada_code: str, user: str):
    """Name USER council officer of the hromada HROMADA_CODE."""
    row = _as_site_user("chervonohrad_hromada_officer_add", {"hromada": hromada_code, "user": user})
    click.secho(f"{row['user']} is a council officer of {row['hromada']}", fg="green")


@officer.command("remove")
@click.argument("hromada_code")
@click.argument("user")
def officer_remove(hromada_code: str, user: str):
    """Withdraw USER's council-officer role in HROMADA_CODE."""
    _as_site_user("chervonohrad_hromada_officer_remove", {"hromada": hromada_code, "user": user})
    click.secho(f"{user} is no longer a council officer of {hromada_code}", fg="green")


@officer.command("list")
@click.option("--hromada", "hromada_code", help="Only this hromada's officers.")
def officer_list(hromada_code: str | None):
    """Council officers per hromada."""
    for row in _as_site_user("chervonohrad_hromada_officer_list", {"hromada": hromada_code} if hromada_code else {}):
        click.echo(f"{row['hromada']}\t{row['user']}\t{row['display_name']}")


@chervonohrad.group()
def privacy():
    """Personal data: retention and erasing one person's data."""


def _counts(counts: dict) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items() if isinstance(value, int)
                     and not isinstance(value, bool))


@privacy.command("retain")
@click.option("--dry-run", is_flag=True, help="Count what is past retention; change nothing.")
def privacy_retain(dry_run: bool):
    """Anonymise senders' and applicants' data N months after their item closed
    (ckanext.chervonohrad.personal_data_retention_months), delete the documents of rejected
    and withdrawn applications and unsubmitted uploads, clear failed jobs older than N months.
    Run daily from cron."""
    from ckanext.chervonohrad.privacy import retention

    counts = retention.run(dry_run=dry_run)
    verb = "Would anonymise" if dry_run else "Anonymised"
    click.secho(f"{verb} the data of items closed before {counts['before']} ({counts['months']} months): "
                f"{_counts(counts)}", fg="yellow" if dry_run else "green")


@privacy.command("erase")
@click.argument("email")
@click.option("--dry-run", is_flag=True, help="Count what would change; change nothing.")
def privacy_erase(email: str, dry_run: bool):
    """Anonymise one person's data everywhere, found by EMAIL (exact, any case)."""
    counts = _as_site_user("chervonohrad_privacy_erase", {"email": email, "dry_run": dry_run})
    click.secho(("Would change: " if dry_run else "Changed: ") + _counts(counts), fg="yellow" if dry_run else "green")
    for kind, names in counts["to_review"].items():
        if names:
            click.echo(f"Review the contact of these {kind} (not changed): {', '.join(names)}")


@chervonohrad.group()
def mail():
    """Email, which only background jobs send."""


@mail.command("flush")
def mail_flush():
    """Queue the email kept while Redis was down and the retries that are due (cron: every
    few minutes, with `ckan jobs worker` running)."""
    from ckanext.chervonohrad.common import mail as mail_jobs

    released = mail_jobs.release_due_retries()
    queued, dropped = mail_jobs.queue_pending()
    click.echo(f"{released} retries due, {queued} pending emails queued, {dropped} too old and dropped")


chervonohrad.add_command(adopt)
chervonohrad.add_command(solr)
chervonohrad.add_command(materials)
chervonohrad.add_command(structure)
chervonohrad.add_command(reminders)
chervonohrad.add_command(schedule)


def get_commands():
    return [chervonohrad]
