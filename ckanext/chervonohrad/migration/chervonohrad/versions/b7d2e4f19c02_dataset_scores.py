"""Dataset quality scores and their history.

Revision ID: b7d2e4f19c02
Revises: a1c0f3e7b201
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "b7d2e4f19c02"
down_revision = "a1c0f3e7b201"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "chervonohrad_dataset_score",
        sa.Column("package_id", sa.Text, primary_key=True),
        sa.Column("owner_org", sa.Text),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("band", sa.Text, nullable=False),
        sa.Column("meets", sa.Boolean, nullable=False),
        sa.Column("failed", JSONB, nullable=False, server_default="[]"),
        sa.Column("indicators", JSONB, nullable=False, server_default="[]"),
        sa.Column("computed_at", sa.DateTime, nullable=False),
    )
    op.create_index("chervonohrad_dataset_score_owner_org", "chervonohrad_dataset_score", ["owner_org"])
    op.create_table(
        "chervonohrad_dataset_score_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("band", sa.Text, nullable=False),
        sa.Column("computed_at", sa.DateTime, nullable=False),
    )
    op.create_index("chervonohrad_dataset_score_history_package", "chervonohrad_dataset_score_history",
                    ["package_id", "computed_at"])


def downgrade():
    op.drop_table("chervonohrad_dataset_score_history")
    op.drop_table("chervonohrad_dataset_score")
