"""Feedback on datasets with its history; dataset suggestions and their votes.

Revision ID: d4f1b8c6e305
Revises: c3e9a5d7f214
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "d4f1b8c6e305"
down_revision = "c3e9a5d7f214"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "chervonohrad_feedback",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("package_id", sa.Text, sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False),
        sa.Column("resource_id", sa.Text),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("message", sa.UnicodeText, nullable=False),
        sa.Column("name", sa.UnicodeText),
        sa.Column("email", sa.UnicodeText),
        sa.Column("user_id", sa.Text, sa.ForeignKey("user.id", ondelete="SET NULL")),
        sa.Column("consent", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("status", sa.Text, nullable=False, server_default="new"),
        sa.Column("reject_reason", sa.Text),
        sa.Column("published", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("first_response_at", sa.DateTime),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
    )
    op.create_index("chervonohrad_feedback_package", "chervonohrad_feedback", ["package_id"])
    op.create_index("chervonohrad_feedback_status", "chervonohrad_feedback", ["status"])
    op.create_table(
        "chervonohrad_feedback_event",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("feedback_id", sa.Text, sa.ForeignKey("chervonohrad_feedback.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("from_status", sa.Text),
        sa.Column("to_status", sa.Text),
        sa.Column("actor_id", sa.Text, sa.ForeignKey("user.id", ondelete="SET NULL")),
        sa.Column("text", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_index("chervonohrad_feedback_event_feedback", "chervonohrad_feedback_event", ["feedback_id"])
    op.create_table(
        "chervonohrad_suggestion",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("description", sa.UnicodeText, nullable=False),
        sa.Column("reason", sa.UnicodeText, nullable=False),
        sa.Column("list835_item", sa.Text),
        sa.Column("name", sa.UnicodeText),
        sa.Column("email", sa.UnicodeText),
        sa.Column("user_id", sa.Text, sa.ForeignKey("user.id", ondelete="SET NULL")),
        sa.Column("status", sa.Text, nullable=False, server_default="open"),
        sa.Column("decision_reason", sa.UnicodeText),
        sa.Column("package_id", sa.Text, sa.ForeignKey("package.id", ondelete="SET NULL")),
        sa.Column("decided_by", sa.Text, sa.ForeignKey("user.id", ondelete="SET NULL")),
        sa.Column("decided_at", sa.DateTime),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
    )
    op.create_index("chervonohrad_suggestion_status", "chervonohrad_suggestion", ["status"])
    op.create_table(
        "chervonohrad_suggestion_vote",
        sa.Column("suggestion_id", sa.Text, sa.ForeignKey("chervonohrad_suggestion.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("user_id", sa.Text, sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_index("chervonohrad_suggestion_vote_user", "chervonohrad_suggestion_vote", ["user_id"])


def downgrade():
    op.drop_table("chervonohrad_suggestion_vote")
    op.drop_table("chervonohrad_suggestion")
    op.drop_table("chervonohrad_feedback_event")
    op.drop_table("chervonohrad_feedback")
