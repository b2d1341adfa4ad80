"""Council officers: users who oversee one hromada's publishers.

Revision ID: f7b3d1a9c820
Revises: e6a2c9d4f718
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = "f7b3d1a9c820"
down_revision = "e6a2c9d4f718"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "chervonohrad_council_officer",
        sa.Column("hromada", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Text, sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("named_by", sa.Text, nullable=False),
        sa.Column("named_at", sa.DateTime, nullable=False),
    )
    op.create_index("chervonohrad_council_officer_user", "chervonohrad_council_officer", ["user_id"])
    # Every view filtered by hromada looks publishers up by this extra: a row of group_extra on
    # CKAN 2.11, a key of the JSONB column group.extras on CKAN 2.12 (which has no group_extra).
    if sa.inspect(op.get_bind()).has_table("group_extra"):
        op.create_index("chervonohrad_group_extra_hromada", "group_extra", ["value"],
                        postgresql_where=sa.text("key = 'hromada' AND state = 'active'"))
    else:
        op.execute("""CREATE INDEX chervonohrad_group_hromada ON "group" ((extras ->> 'hromada'))""")


def downgrade():
    op.execute("DROP INDEX IF EXISTS chervonohrad_group_extra_hromada")
    op.execute("DROP INDEX IF EXISTS chervonohrad_group_hromada")
    op.drop_table("chervonohrad_council_officer")
