"""Link checks, quarterly snapshots, administrators' assessments; on-time flag and 835 item
on scores (so the rating reads one narrow table instead of the package extras).

Revision ID: c3e9a5d7f214
Revises: b7d2e4f19c02
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = "c3e9a5d7f214"
down_revision = "b7d2e4f19c02"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("chervonohrad_dataset_score",
                  sa.Column("on_time", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column("chervonohrad_dataset_score", sa.Column("list835_item", sa.Text))
    op.create_table(
        "chervonohrad_link_check",
        sa.Column("resource_id", sa.Text, primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False, index=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.Column("status_code", sa.Integer),
        sa.Column("content_type", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("detail", sa.Text),
        sa.Column("checked_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "chervonohrad_quality_snapshot",
        sa.Column("quarter", sa.Text, primary_key=True),
        sa.Column("scope", sa.Text, primary_key=True),
        sa.Column("name", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("datasets", sa.Integer, nullable=False),
        sa.Column("avg_score", sa.Float),
        sa.Column("meets_share", sa.Float),
        sa.Column("on_time_share", sa.Float),
        sa.Column("coverage_applicable", sa.Integer, nullable=False, server_default="0"),
        sa.Column("coverage_published", sa.Integer, nullable=False, server_default="0"),
        sa.Column("coverage_overdue", sa.Integer, nullable=False, server_default="0"),
        sa.Column("median_response_hours", sa.Float),
        sa.Column("taken_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "chervonohrad_assessment",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("owner_org", sa.Text, nullable=False),
        sa.Column("quarter", sa.Text, nullable=False),
        sa.Column("points", sa.Float, nullable=False),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("owner_org", "quarter", name="chervonohrad_assessment_org_quarter"),
    )


def downgrade():
    op.drop_table("chervonohrad_assessment")
    op.drop_table("chervonohrad_quality_snapshot")
    op.drop_table("chervonohrad_link_check")
    op.drop_column("chervonohrad_dataset_score", "list835_item")
    op.drop_column("chervonohrad_dataset_score", "on_time")
