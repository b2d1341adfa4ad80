"""`ckan chervonohrad adopt`: bringing a portal's older content up to the passport."""
from __future__ import annotations

import contextlib
import datetime as dt
import os

import click


@contextlib.contextmanager
def _request_context():
    """The report's labels are {uk, en}; CKAN's messages (a refused save's reasons) need a
    request context to be translated: the command's own when it has one."""
    import flask

    app = (click.get_current_context().meta or {}).get("flask_app")
    if flask.has_request_context() or app is None:
        yield
    else:
        with app.test_request_context():
            yield


def _problem(finding) -> str:
    from ckanext.chervonohrad.adoption import sheets

    text = f"{finding.field}: {sheets.REASON_LABELS[finding.reason]['en']}"
    if finding.reason == "conflict":
        return f"{text} ({finding.value!r}; the table says {finding.detail!r}; --overwrite replaces it)"
    if finding.reason in ("edrpou_taken",):
        return f"{text} ({finding.detail})"
    if finding.reason in ("duplicate_row", "duplicate_edrpou"):
        return f"{text} (row {finding.detail})"
    return f"{text} ({finding.value!r})" if finding.value else text


def _print_publishers(rows) -> None:
    for row in rows:
        click.echo(f"{row['publisher']}: {row['datasets']} datasets ({row['datasets_fixable']} with mechanical fixes, "
                   f"{row['datasets_person']} needing a person); the publisher: {row['mechanical']} mechanical, "
                   f"{row['person']} needing a person")


@click.command()
@click.option("--out", "out", default=".", show_default=True, type=click.Path(file_okay=False),
              help="Folder for adoption-report-<UTC time>.csv and .xlsx.")
@click.option("--apply", "apply_", is_flag=True,
              help="Store the mechanical fixes (through CKAN's actions), then score and re-index.")
@click.option("--publishers", "table", type=click.File(encoding="utf-8-sig"),
              help="CSV with the columns organization (name or id), edrpou, hromada (KATOTTG code), "
                   "publisher_type: the publishers' identity to set.")
@click.option("--overwrite", is_flag=True,
              help="Let the --publishers table replace a different valid stored value (otherwise a conflict).")
@click.option("--hromada", "hromada", help="Only the publishers of this hromada (KATOTTG code).")
@click.option("--lang", type=click.Choice(["uk", "en"]), default="uk", show_default=True,
              help="Language of the files' headers and labels.")
def adopt(out: str, apply_: bool, table, overwrite: bool, hromada: str | None, lang: str):
    """Report what each publisher and dataset lacks or holds that the Resolution 835
    passport refuses, and what a machine can fix (a dry run: nothing changes); with
    --apply, fix it. Writes the report as CSV and XLSX either way."""
    import logging

    from ckanext.chervonohrad.adoption import files, operator, run
    from ckanext.chervonohrad.hromada import vocabulary

    logging.getLogger("ckan.lib.search").setLevel(logging.WARNING)
    rows = None
    if table is not None:
        try:
            rows = operator.read(table)
        except operator.TableError as error:
            raise click.ClickException(str(error)) from error
    if hromada:
        hromada = hromada.strip().upper()
        if not vocabulary.exists(hromada):
            raise click.BadParameter(f"{hromada!r} is not the KATOTTG code of a hromada of the oblast "
                                     "(see `ckan chervonohrad hromada list`)", param_hint="--hromada")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    os.makedirs(out, exist_ok=True)
    report = files.ReportFiles(os.path.join(out, f"adoption-report-{stamp}"), lang)
    with _request_context():
        bar = click.progressbar(length=0, label="Examining datasets" if not apply_ else "Fixing datasets",
                                file=click.get_text_stream("stderr"))

        def on_total(count: int) -> None:
            bar.length = count

        try:
            with bar:
                result = run.adopt(rows=rows, hromada=hromada, apply=apply_, overwrite=overwrite,
                                   on_total=on_total, on_progress=bar.update, on_row=report.finding)
        except BaseException:
            report.discard()  # no half-written report to mistake for a whole one
            raise
        csv_path, xlsx_path = report.close(result.publisher_rows)
    c = result.counts
    _print_publishers(result.publisher_rows)
    for decision in sorted(result.skipped, key=lambda d: d.line):
        click.secho(f"Row {decision.line} of the table ({decision.organization or 'no organization'}) skipped: "
                    + "; ".join(_problem(p) for p in decision.problems), fg="yellow")
    click.echo(f"Publishers: {c['publishers']} seen, {c['publishers_person']} need a person"
               + (f", {c['rows_skipped']} rows of the table skipped" if rows is not None else ""))
    click.echo(f"Datasets: {c['datasets']} seen, {c['datasets_person']} need a person")
    if c["unowned"]:
        click.echo(f"{c['unowned']} datasets belong to no active publisher and were not examined")
    if apply_:
        click.echo(f"Fixed {c['publishers_fixed']} publishers ({c['publisher_values']} values) and "
                   f"{c['datasets_fixed']} datasets ({c['values_mapped']} values mapped); {c['refused']} refused; "
                   f"scored {c['scored']} datasets ({c['rescored_changed']} scores changed)")
        if not result.changed:
            click.secho("Nothing to change: every mechanical fix is in place", fg="green")
    else:
        click.echo(f"Dry run: nothing changed; {c['fixable']} values can be fixed with --apply")
    click.echo(f"Report: {csv_path}")
    click.echo(f"Report: {xlsx_path}")
    if c["refused"]:
        raise click.ClickException(f"{c['refused']} changes were refused by the portal's validation; "
                                   "see the rows with the status «refused» in the report")
