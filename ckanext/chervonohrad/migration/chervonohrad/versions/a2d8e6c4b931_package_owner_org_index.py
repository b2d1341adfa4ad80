"""An index on package.owner_org: a hromada's rating, audit and dashboard read only its
publishers' datasets (CKAN core indexes the column nowhere).

Revision ID: a2d8e6c4b931
Revises: f7b3d1a9c820
Create Date: 2026-11-27
"""
from alembic import op

revision = "a2d8e6c4b931"
down_revision = "f7b3d1a9c820"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE INDEX IF NOT EXISTS chervonohrad_package_owner_org ON package (owner_org)")


def downgrade():
    op.execute("DROP INDEX IF EXISTS chervonohrad_package_owner_org")
