"""What the rooms' aggregate queries share."""
from __future__ import annotations

from sqlalchemy import text

from ckan import model


def without_jit() -> None:
    """Turn PostgreSQL's JIT compiler off for the rest of the current transaction. The
    rating's and the reports' aggregates over every dataset can be estimated as costly enough
    to compile (joins of grouped extras multiply the estimates), and compiling takes seconds
    for a query that runs in tens of milliseconds."""
    model.Session.execute(text("SET LOCAL jit = off"))
