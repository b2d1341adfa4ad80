"""Idempotency tokens of the feedback and suggestion forms (a double submit finds the first
item through the unique constraint), and the email that could not be queued because Redis
was down (common.mail keeps it here until the queue takes it, at most a few days).

Revision ID: c8a4e2f6d917
Revises: b5e1f0c8d243
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "c8a4e2f6d917"
down_revision = "b5e1f0c8d243"
branch_labels = None
depends_on = None

TABLES = ("chervonohrad_feedback", "chervonohrad_suggestion")


def upgrade():
    # Items sent before this revision (and API calls without a token) keep NULL: PostgreSQL's
    # unique constraints let any number of NULLs through.
    for table in TABLES:
        op.add_column(table, sa.Column("submission_token", sa.Text))
        op.create_unique_constraint(f"{table}_submission_token_key", table, ["submission_token"])
    op.create_table(
        "chervonohrad_mail_pending",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("template", sa.Text, nullable=False),
        sa.Column("recipient_name", sa.UnicodeText),
        sa.Column("address", sa.UnicodeText, nullable=False),
        sa.Column("subject", sa.UnicodeText, nullable=False),
        sa.Column("body", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.text("timezone('utc', now())")),
    )


def downgrade():
    op.drop_table("chervonohrad_mail_pending")
    for table in TABLES:
        op.drop_constraint(f"{table}_submission_token_key", table, type_="unique")
        op.drop_column(table, "submission_token")
