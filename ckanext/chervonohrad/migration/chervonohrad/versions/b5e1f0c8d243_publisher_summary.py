"""Each publisher's dataset figures, materialised (performance.summary), filled from the
datasets and scores already stored.

Revision ID: b5e1f0c8d243
Revises: a2d8e6c4b931
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "b5e1f0c8d243"
down_revision = "a2d8e6c4b931"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "chervonohrad_publisher_summary",
        sa.Column("owner_org", sa.Text, primary_key=True),
        *(sa.Column(name, sa.Integer, nullable=False, server_default="0")
          for name in ("datasets", "scored")),
        sa.Column("score_sum", sa.Float, nullable=False, server_default="0"),
        *(sa.Column(name, sa.Integer, nullable=False, server_default="0")
          for name in ("meets_count", "on_time_count")),
        *(sa.Column(name, ARRAY(sa.Text), nullable=False, server_default="{}")
          for name in ("items", "items_on_time", "items_any")),
        sa.Column("refreshed_at", sa.DateTime, nullable=False, server_default=sa.text("timezone('utc', now())")),
    )
    backfill(op.get_bind())


# The rows of an existing portal, aggregated as performance.summary did at this revision,
# frozen here so the migration does not depend on code that moves on (a later change of the
# columns or of what they count comes with a migration of its own that refills them). One
# row per publisher (an organization, or an owner of datasets), zeros when it has none.
# Published = active and public; an 835 item counts once per publisher however many
# datasets fulfil it: grouped per (publisher, item) first, then per publisher.
BACKFILL_SQL = sa.text("""
INSERT INTO chervonohrad_publisher_summary
    (owner_org, datasets, scored, score_sum, meets_count, on_time_count, items, items_on_time, items_any,
     refreshed_at)
SELECT o.owner_org, coalesce(f.datasets, 0), coalesce(f.scored, 0), coalesce(f.score_sum, 0),
       coalesce(f.meets_count, 0), coalesce(f.on_time_count, 0), coalesce(f.items, '{}'),
       coalesce(f.items_on_time, '{}'), coalesce(f.items_any, '{}'), timezone('utc', now())
FROM (
    SELECT id FROM "group" WHERE is_organization
    UNION SELECT DISTINCT owner_org FROM package WHERE owner_org IS NOT NULL
) AS o(owner_org)
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
        WHERE p.type = 'dataset' AND p.state IN ('active', 'draft') AND p.owner_org IS NOT NULL
        GROUP BY p.owner_org, NULLIF(s.list835_item, '')
    ) per_item
    GROUP BY owner_org
) f ON f.owner_org = o.owner_org
""")


def backfill(bind) -> None:
    """Fill the (empty) table from the datasets and scores stored."""
    bind.execute(BACKFILL_SQL)


def downgrade():
    op.drop_table("chervonohrad_publisher_summary")
