"""Check-ins indexed by episode and time

Revision ID: 29c5148707ee
Revises: f85ca8fff232
Create Date: 2026-11-21 19:59:30.850968

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "29c5148707ee"
down_revision = "f85ca8fff232"
branch_labels = None
depends_on = None


def upgrade():
    # The new index leads with episode_id, so it also serves what the old one did.
    with op.batch_alter_table("check_ins", schema=None) as batch_op:
        batch_op.create_index("ix_check_ins_episode_recorded", ["episode_id", "recorded_at"], unique=False)
        batch_op.drop_index(batch_op.f("ix_check_ins_episode_id"))


def downgrade():
    with op.batch_alter_table("check_ins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_check_ins_episode_id"), ["episode_id"], unique=False)
        batch_op.drop_index("ix_check_ins_episode_recorded")
