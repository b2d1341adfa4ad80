"""Publisher applications and their decision history.

Revision ID: a1c0f3e7b201
Revises:
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "a1c0f3e7b201"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "chervonohrad_publisher_application",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("applicant_id", sa.Text, sa.ForeignKey("user.id"), nullable=False),
        sa.Column("organization_id", sa.Text, sa.ForeignKey("group.id"), nullable=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("edrpou", sa.Text, nullable=False),
        sa.Column("publisher_type", sa.Text, nullable=False),
        sa.Column("hromada", sa.Text, nullable=False),
        sa.Column("address", sa.UnicodeText, nullable=False),
        sa.Column("website", sa.UnicodeText),
        sa.Column("person_name", sa.UnicodeText, nullable=False),
        sa.Column("person_position", sa.UnicodeText, nullable=False),
        sa.Column("person_email", sa.UnicodeText, nullable=False),
        sa.Column("person_phone", sa.UnicodeText, nullable=False),
        sa.Column("document_number", sa.UnicodeText),
        sa.Column("document_date", sa.Date),
        sa.Column("document_url", sa.UnicodeText),
        sa.Column("publisher_emails", JSONB, nullable=False, server_default="[]"),
        sa.Column("comment", sa.UnicodeText),
        sa.Column("consent", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("last_error", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
    )
    op.create_index(
        "chervonohrad_application_one_open_per_edrpou", "chervonohrad_publisher_application", ["edrpou"],
        unique=True, postgresql_where=sa.text("state IN ('submitted', 'changes_requested')"),
    )
    op.create_index("chervonohrad_application_state", "chervonohrad_publisher_application", ["state"])
    op.create_table(
        "chervonohrad_publisher_application_event",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("application_id", sa.Text,
                  sa.ForeignKey("chervonohrad_publisher_application.id", ondelete="CASCADE"), nullable=False),
        sa.Column("from_state", sa.Text),
        sa.Column("to_state", sa.Text, nullable=False),
        sa.Column("actor_id", sa.Text, sa.ForeignKey("user.id"), nullable=False),
        sa.Column("comment", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_index("chervonohrad_application_event_application", "chervonohrad_publisher_application_event",
                    ["application_id"])


def downgrade():
    op.drop_table("chervonohrad_publisher_application_event")
    op.drop_table("chervonohrad_publisher_application")
