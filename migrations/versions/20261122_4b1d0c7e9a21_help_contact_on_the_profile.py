"""Help contact on the profile

Revision ID: 4b1d0c7e9a21
Revises: 29c5148707ee
Create Date: 2026-11-22 05:55:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "4b1d0c7e9a21"
down_revision = "29c5148707ee"
branch_labels = None
depends_on = None


def upgrade():
    # Someone the person chose to text when they cannot get up: a name and a number.
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("help_contact_name", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("help_contact_phone", sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.drop_column("help_contact_phone")
        batch_op.drop_column("help_contact_name")
