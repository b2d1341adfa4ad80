"""Information audit assignments; which dataset is each publisher's register of datasets.

Revision ID: e6a2c9d4f718
Revises: d4f1b8c6e305
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = "e6a2c9d4f718"
down_revision = "d4f1b8c6e305"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "chervonohrad_audit_assignment",
        sa.Column("owner_org", sa.Text, sa.ForeignKey("group.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("item_id", sa.Text, primary_key=True),
        sa.Column("responsible", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("due_date", sa.Date),
        sa.Column("updated_by", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "chervonohrad_register_dataset",
        sa.Column("owner_org", sa.Text, sa.ForeignKey("group.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("package_id", sa.Text, sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False,
                  unique=True),
        sa.Column("data_resource_id", sa.Text),
        sa.Column("structure_resource_id", sa.Text),
        sa.Column("content_hash", sa.Text),
        sa.Column("rows", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("regenerated_at", sa.DateTime),
    )


def downgrade():
    op.drop_table("chervonohrad_register_dataset")
    op.drop_table("chervonohrad_audit_assignment")
