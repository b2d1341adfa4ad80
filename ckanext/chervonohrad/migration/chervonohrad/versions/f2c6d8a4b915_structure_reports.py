"""Structure reports: each data resource's last validation against its dataset's structure file
(issue #21, item 4).

Revision ID: f2c6d8a4b915
Revises: e1f4b8c2d503
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "f2c6d8a4b915"
down_revision = "e1f4b8c2d503"
branch_labels = None
depends_on = None

TABLE = "chervonohrad_structure_report"


def upgrade():
    if sa.inspect(op.get_bind()).has_table(TABLE):
        return
    op.create_table(
        TABLE,
        # No foreign key to CKAN's resource: a purged resource's report goes with its dataset's next check.
        sa.Column("resource_id", sa.Text, primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("structure_resource_id", sa.Text),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("detail", sa.Text),
        sa.Column("rows_checked", sa.Integer, nullable=False, server_default="0"),
        sa.Column("errors_total", sa.Integer, nullable=False, server_default="0"),
        sa.Column("limited", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("errors", JSONB, nullable=False, server_default="[]"),
        sa.Column("data_url", sa.Text, nullable=False, server_default=""),
        sa.Column("data_sha256", sa.Text),
        sa.Column("checked_at", sa.DateTime, nullable=False, server_default=sa.text("timezone('utc', now())")),
        sa.CheckConstraint("status IN ('valid', 'invalid', 'skipped', 'error')",
                           name="chervonohrad_structure_report_status"),
    )
    op.create_index("chervonohrad_structure_report_package_idx", TABLE, ["package_id"])


def downgrade():
    op.drop_table(TABLE)
