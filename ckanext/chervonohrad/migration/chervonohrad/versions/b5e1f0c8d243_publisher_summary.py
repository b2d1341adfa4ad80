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
    # The rows of an existing portal, from the aggregate the running code keeps them with
    # (a later change of the columns comes with a migration of its own that refills them).
    from ckanext.chervonohrad.performance import summary

    summary.refresh(session=op.get_bind())


def downgrade():
    op.drop_table("chervonohrad_publisher_summary")
