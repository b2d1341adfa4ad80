from __future__ import annotations

import signal
import time

import click


@click.command(short_help="Run the portal's timed tasks (reminders, rescore, retention, snapshots).")
@click.option("--once", is_flag=True, help="Run what is due now and exit (for cron, every 5 minutes).")
@click.option("--tick", default=60, show_default=True, help="Seconds between looks at the clock.")
@click.option("--list", "listing", is_flag=True, help="List the tasks, their cron lines and last runs; run nothing.")
def schedule(once: bool, tick: int, listing: bool):
    """Run each task when its time comes: one process for the whole portal (a second one on
    another machine is safe). The tasks and their times: `--list`."""
    from ckan import model

    from ckanext.chervonohrad.schedule import runner
    from ckanext.chervonohrad.schedule.tasks import TASKS

    if listing:
        runs = runner.last_runs()
        for task in TASKS:
            cadence = task.cadence()
            last = runs.get(task.name)
            click.echo(f"{task.name}: {cadence.describe()}; cron: {cadence.cron()} ckan -c <ini> chervonohrad "
                       f"{task.command}; last: " + (f"{last['period']} {last['outcome'] or 'running'}" if last
                                                     else "never"))
        return
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    while True:
        for name, outcome in runner.tick().items():
            click.echo(f"{name}: {outcome}")
        model.Session.remove()
        if once:
            return
        for _ in range(max(1, tick)):
            if stopping:
                return
            time.sleep(1)
