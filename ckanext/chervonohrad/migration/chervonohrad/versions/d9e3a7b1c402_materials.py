"""Methodological materials for the publishers' responsible persons (action plan item 7.1): a
list kept by regional administrators, each a public link or a file stored by the portal.

Revision ID: d9e3a7b1c402
Revises: c8a4e2f6d917
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "d9e3a7b1c402"
down_revision = "c8a4e2f6d917"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "chervonohrad_material",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("description", sa.UnicodeText),
        # Exactly one of the two: a public link, or a file kept in the portal's storage.
        sa.Column("url", sa.UnicodeText),
        sa.Column("file_name", sa.Text),
        sa.Column("file_original_name", sa.UnicodeText),
        sa.Column("audience", sa.Text, nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        # Who published the material (for the starter set: the Ministry's page it comes from).
        sa.Column("source", sa.UnicodeText),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.Column("creator_user_id", sa.Text),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.text("timezone('utc', now())")),
        sa.Column("modified", sa.DateTime, nullable=False, server_default=sa.text("timezone('utc', now())")),
        sa.CheckConstraint("(url IS NULL) <> (file_name IS NULL)", name="chervonohrad_material_link_or_file"),
    )
    op.create_index("chervonohrad_material_topic_idx", "chervonohrad_material", ["topic", "position"])


def downgrade():
    op.drop_table("chervonohrad_material")
