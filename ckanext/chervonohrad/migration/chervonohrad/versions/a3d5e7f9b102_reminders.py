"""Reminders: the log of reminders sent and the addresses that opted out (issue #22).

Revision ID: a3d5e7f9b102
Revises: f2c6d8a4b915
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "a3d5e7f9b102"
down_revision = "f2c6d8a4b915"
branch_labels = None
depends_on = None

SENT = "chervonohrad_reminder_sent"
OPT_OUT = "chervonohrad_reminder_optout"
RUNS = "chervonohrad_schedule_run"


def upgrade():
    tables = sa.inspect(op.get_bind())
    if not tables.has_table(SENT):
        op.create_table(
            SENT,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("person", sa.Text, nullable=False),
            sa.Column("package_id", sa.Text, nullable=False),
            sa.Column("due", sa.Date, nullable=False),
            sa.Column("kind", sa.Text, nullable=False),
            sa.Column("sent_on", sa.Date, nullable=False),
            sa.Column("created", sa.DateTime, nullable=False, server_default=sa.text("timezone('utc', now())")),
            sa.UniqueConstraint("person", "package_id", "due", "kind", "sent_on",
                                name="chervonohrad_reminder_sent_once"),
        )
        op.create_index("ix_chervonohrad_reminder_sent_person", SENT, ["person"])
    if not tables.has_table(OPT_OUT):
        op.create_table(
            OPT_OUT,
            sa.Column("address", sa.Text, primary_key=True),
            sa.Column("created", sa.DateTime, nullable=False, server_default=sa.text("timezone('utc', now())")),
        )
    if not tables.has_table(RUNS):
        op.create_table(
            RUNS,
            sa.Column("task", sa.Text, primary_key=True),
            sa.Column("period", sa.Text, primary_key=True),
            sa.Column("started", sa.DateTime, nullable=False),
            sa.Column("finished", sa.DateTime),
            sa.Column("outcome", sa.Text),
        )


def downgrade():
    for table in (RUNS, OPT_OUT, SENT):
        op.drop_table(table)
