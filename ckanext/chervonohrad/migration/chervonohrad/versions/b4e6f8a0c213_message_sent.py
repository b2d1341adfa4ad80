"""Reminders: the log of digests, feedback reminders and scorecards sent (issue #22).

Revision ID: b4e6f8a0c213
Revises: a3d5e7f9b102
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "b4e6f8a0c213"
down_revision = "a3d5e7f9b102"
branch_labels = None
depends_on = None

SENT = "chervonohrad_message_sent"


def upgrade():
    if sa.inspect(op.get_bind()).has_table(SENT):
        return
    op.create_table(
        SENT,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("person", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("about", sa.Text, nullable=False),
        sa.Column("sent_on", sa.Date, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.text("timezone('utc', now())")),
        sa.UniqueConstraint("person", "message", "about", name="chervonohrad_message_sent_once"),
    )
    op.create_index("ix_chervonohrad_message_sent_sent_on", SENT, ["sent_on"])


def downgrade():
    op.drop_table(SENT)
