"""Each publisher's dataset figures, materialised (table chervonohrad_publisher_summary).

The rating, the audit's overview and the oblast overview used to aggregate every dataset of
the oblast on each page view (50,000 datasets: a quarter of a second per view). Now they
read one row per publisher, and a publisher's row is recomputed, from the same aggregate,
in the transaction that changes one of its datasets or their scores:

- a SQLAlchemy `before_flush` listener notes the publishers (old and new owner) of every
  dataset and every stored score written through the session — package_create/update/
  delete/purge, scoring, link checks, the rescore jobs, anything else using the ORM;
- a bulk ORM update or delete of packages (CKAN's bulk_update_private/public/delete) marks
  every publisher;
- just before the commit (`before_commit`) those publishers' rows are recomputed; readers
  call `refresh_pending()` first, so a transaction also sees its own changes; the notes are
  kept for the transaction only (common.jobs.transaction_info): one that rolls back leaves
  nothing to recompute.

Two writers of one publisher cannot lose each other's changes: each locks the rows it will
recompute (in one order, so they cannot deadlock) and only then aggregates, in a statement
that under READ COMMITTED sees every transaction that held the lock before. What bypasses
the ORM (raw SQL) is not noticed: `ckan chervonohrad quality summary` rebuilds every row,
`--check` lists the publishers whose stored row differs from a fresh aggregate.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, inspect, text

from ckan import model

from ckanext.chervonohrad.common import jobs
from ckanext.chervonohrad.quality.model import DatasetScore

_PENDING = "chervonohrad_summary_pending"  # session.info: publisher ids to recompute
_EVERY = "chervonohrad_summary_every"  # session.info: recompute every publisher

# One row per publisher of :orgs (zeros for a publisher without datasets). Published =
# active and public; an 835 item counts once per publisher however many datasets fulfil
# it: grouped per (publisher, item) first, then per publisher, in one pass.
FIGURES = """
SELECT o.owner_org, coalesce(f.datasets, 0) AS datasets, coalesce(f.scored, 0) AS scored,
       coalesce(f.score_sum, 0) AS score_sum, coalesce(f.meets_count, 0) AS meets_count,
       coalesce(f.on_time_count, 0) AS on_time_count, coalesce(f.items, '{}') AS items,
       coalesce(f.items_on_time, '{}') AS items_on_time, coalesce(f.items_any, '{}') AS items_any
FROM unnest(CAST(:orgs AS text[])) AS o(owner_org)
LEFT JOIN (
    SELECT owner_org, sum(datasets)::int AS datasets, sum(scored)::int AS scored, sum(score_sum) AS score_sum,
           sum(meets_count)::int AS meets_count, sum(on_time_count)::int AS on_time_count,
           array_agg(item ORDER BY item) FILTER (WHERE item IS NOT NULL AND published) AS items,
           array_agg(item ORDER BY item) FILTER (WHERE item IS NOT NULL AND published_on_time) AS items_on_time,
           array_agg(item ORDER BY item) FILTER (WHERE item IS NOT NULL) AS items_any
    FROM (
        SELECT p.owner_org, NULLIF(s.list835_item, '') AS item,
               count(*) FILTER (WHERE p.state = 'active' AND NOT p.private) AS datasets,
               count(s.score) FILTER (WHERE p.state = 'active' AND NOT p.private) AS scored,
               coalesce(sum(s.score) FILTER (WHERE p.state = 'active' AND NOT p.private), 0) AS score_sum,
               count(*) FILTER (WHERE p.state = 'active' AND NOT p.private AND s.meets) AS meets_count,
               count(*) FILTER (WHERE p.state = 'active' AND NOT p.private AND s.on_time) AS on_time_count,
               bool_or(p.state = 'active' AND NOT p.private) AS published,
               bool_or(p.state = 'active' AND NOT p.private AND coalesce(s.on_time, false)) AS published_on_time
        FROM package p
        LEFT JOIN chervonohrad_dataset_score s ON s.package_id = p.id
        WHERE p.type = 'dataset' AND p.state IN ('active', 'draft') AND p.owner_org = ANY(:orgs)
        GROUP BY p.owner_org, NULLIF(s.list835_item, '')
    ) per_item
    GROUP BY owner_org
) f ON f.owner_org = o.owner_org
"""
COLUMNS = ("datasets", "scored", "score_sum", "meets_count", "on_time_count", "items", "items_on_time", "items_any")

UPSERT_SQL = text(f"""
INSERT INTO chervonohrad_publisher_summary AS t (owner_org, {", ".join(COLUMNS)}, refreshed_at)
SELECT *, timezone('utc', now()) FROM ({FIGURES}) figures
ON CONFLICT (owner_org) DO UPDATE SET {", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS)},
    refreshed_at = EXCLUDED.refreshed_at
""")
LOCK_ROWS_SQL = (
    text("""INSERT INTO chervonohrad_publisher_summary (owner_org)
            SELECT unnest(CAST(:orgs AS text[])) ON CONFLICT DO NOTHING"""),
    text("""SELECT 1 FROM chervonohrad_publisher_summary WHERE owner_org = ANY(:orgs)
            ORDER BY owner_org FOR UPDATE"""),
)
PUBLISHERS_SQL = text("""
SELECT id FROM "group" WHERE is_organization
UNION SELECT DISTINCT owner_org FROM package WHERE owner_org IS NOT NULL
""")


# ---- recomputing -------------------------------------------------------------------------

def refresh(org_ids: Iterable[str | None] | None = None, session: Any = None) -> int:
    """Recompute the rows of these publishers (every publisher's when None); the caller
    commits. Returns the number of rows written."""
    session = session or model.Session
    if org_ids is None:
        # Waits for every writer of a row, keeps new ones out until this transaction ends.
        session.execute(text("LOCK TABLE chervonohrad_publisher_summary IN SHARE ROW EXCLUSIVE MODE"))
        session.execute(text("DELETE FROM chervonohrad_publisher_summary"))
        ids = sorted(row[0] for row in session.execute(PUBLISHERS_SQL))
    else:
        ids = sorted({org_id for org_id in org_ids if org_id})
        if not ids:
            return 0
        for statement in LOCK_ROWS_SQL:
            session.execute(statement, {"orgs": ids})
    session.execute(UPSERT_SQL, {"orgs": ids})
    return len(ids)


def refresh_pending(session: Any = None) -> None:
    """Recompute now the rows this transaction's changes have made stale (readers call it
    before reading, the commit hook before committing)."""
    session = session or model.Session
    if not session.is_active:
        return
    if session.new or session.dirty or session.deleted:
        session.flush()  # the listener below notes what the pending changes touch
    every, pending = session.info.pop(_EVERY, False), session.info.pop(_PENDING, set())
    if every:
        refresh(None, session)
    elif pending:
        refresh(pending, session)


def _comparable(row: Any) -> dict[str, Any]:
    # A sum of floats depends on the order it was added in (parallel aggregation varies it).
    return {c: round(getattr(row, c), 6) if c == "score_sum" else getattr(row, c) for c in COLUMNS}


def live(org_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The figures freshly aggregated (what the stored rows should hold)."""
    return {row.owner_org: _comparable(row) for row in model.Session.execute(text(FIGURES), {"orgs": sorted(org_ids)})}


def drift() -> list[str]:
    """Publishers whose stored row differs from a fresh aggregate (or is missing)."""
    ids = [row[0] for row in model.Session.execute(PUBLISHERS_SQL)]
    fresh = live(ids)
    stored = {row.owner_org: _comparable(row) for row in model.Session.execute(
        text(f"SELECT owner_org, {', '.join(COLUMNS)} FROM chervonohrad_publisher_summary"))}
    empty = {c: 0 for c in COLUMNS} | {"items": [], "items_on_time": [], "items_any": []}
    return sorted(org_id for org_id, figures in fresh.items() if stored.get(org_id, empty) != figures)


# ---- noticing changes --------------------------------------------------------------------

def _owners(obj: Any) -> set[str]:
    """The publisher a dataset or score belongs to, and the one it belonged to before this flush."""
    history = inspect(obj).attrs.owner_org.history
    return {owner for owner in (obj.owner_org, *(history.deleted or ())) if owner}


def _note(session: Any, owners: set[str] | None = None) -> None:
    """Remember for this transaction the publishers to recompute (None: every one); common.jobs
    forgets them when it ends, so a rolled-back change leaves nothing to recompute."""
    if owners is None:
        jobs.transaction_info(_EVERY, True, session)
    else:
        jobs.transaction_info(_PENDING, set(), session).update(owners)


def _before_flush(session: Any, flush_context: Any, instances: Any) -> None:
    touched: set[str] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, (DatasetScore, model.Package)):
            touched |= _owners(obj)
    if touched:
        _note(session, touched)


def _on_orm_execute(state: Any) -> None:
    """CKAN's bulk actions update packages with one UPDATE statement, no objects flushed."""
    if (state.is_update or state.is_delete) and getattr(state.statement.table, "name", None) == "package":
        _note(state.session)


def _before_commit(session: Any) -> None:
    # Every commit, not only one whose changes were noted already: refresh_pending flushes
    # what is still unflushed, which is when its publishers get noted.
    refresh_pending(session)


def track_changes() -> None:
    """Listen to CKAN's sessions (idempotent; the plugin calls it when CKAN is configured)."""
    for session in (model.Session, model.meta.create_local_session):
        for name, listener in (("before_flush", _before_flush), ("do_orm_execute", _on_orm_execute),
                               ("before_commit", _before_commit)):
            if not event.contains(session, name, listener):
                event.listen(session, name, listener)
