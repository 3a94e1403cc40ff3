"""An always-empty table that /healthz writes to and rolls back

Revision ID: 3e1f0a9c4b27
Revises: 134c9d5ff04f
Create Date: 2026-11-22 06:10:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "3e1f0a9c4b27"
down_revision = "134c9d5ff04f"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "health_checks",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_checks")),
    )


def downgrade():
    op.drop_table("health_checks")
