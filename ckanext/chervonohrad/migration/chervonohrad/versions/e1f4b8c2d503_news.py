"""News of the portal (action plan item 6.4: at least one item a quarter about new or valuable
datasets): posts of a hromada (written by its publishers' admins and council officers) or of
the whole oblast (regional administrators), with the datasets they are about.

Revision ID: e1f4b8c2d503
Revises: d9e3a7b1c402
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "e1f4b8c2d503"
down_revision = "d9e3a7b1c402"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "chervonohrad_news",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("body", sa.UnicodeText, nullable=False),  # Markdown, rendered through CKAN's sanitiser
        # The KATOTTG code of the hromada the post is about; NULL: the whole oblast.
        sa.Column("hromada", sa.Text),
        sa.Column("published", sa.Date, nullable=False),  # the day shown and counted (Kyiv)
        sa.Column("author_user_id", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False, server_default="active"),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.text("timezone('utc', now())")),
        sa.Column("modified", sa.DateTime, nullable=False, server_default=sa.text("timezone('utc', now())")),
    )
    op.create_index("chervonohrad_news_published_idx", "chervonohrad_news", ["published"])
    op.create_index("chervonohrad_news_hromada_idx", "chervonohrad_news", ["hromada", "published"])
    op.create_table(
        "chervonohrad_news_dataset",
        sa.Column("news_id", sa.Text, sa.ForeignKey("chervonohrad_news.id", ondelete="CASCADE"), primary_key=True),
        # No foreign key: a dataset purged later leaves the post standing (the page skips it).
        sa.Column("package_id", sa.Text, primary_key=True),
    )
    op.create_index("chervonohrad_news_dataset_package_idx", "chervonohrad_news_dataset", ["package_id"])


def downgrade():
    op.drop_table("chervonohrad_news_dataset")
    op.drop_table("chervonohrad_news")
