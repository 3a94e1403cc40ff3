"""Push subscriptions and the alerts due to them

Revision ID: 134c9d5ff04f
Revises: b3e1c7a9d402
Create Date: 2026-11-22 05:50:12.244306

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "134c9d5ff04f"
down_revision = "b3e1c7a9d402"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "push_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("endpoint", sa.String(length=1024), nullable=False),
        sa.Column("p256dh", sa.String(length=100), nullable=False),
        sa.Column("auth", sa.String(length=32), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("origin", sa.String(length=255), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_push_subscriptions_profile_id_profiles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_subscriptions")),
        sa.UniqueConstraint("profile_id", "endpoint", name="one_per_endpoint"),
    )
    with op.batch_alter_table("push_subscriptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_push_subscriptions_profile_id"), ["profile_id"], unique=False)

    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("timer_session_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("send_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=True),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_alerts_profile_id_profiles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["push_subscriptions.id"],
            name=op.f("fk_alerts_subscription_id_push_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["timer_session_id"],
            ["timer_sessions.id"],
            name=op.f("fk_alerts_timer_session_id_timer_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alerts_profile_id"), ["profile_id"], unique=False)
        batch_op.create_index("ix_alerts_send_at", ["send_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_alerts_subscription_id"), ["subscription_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alerts_timer_session_id"), ["timer_session_id"], unique=False)


def downgrade():
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alerts_timer_session_id"))
        batch_op.drop_index(batch_op.f("ix_alerts_subscription_id"))
        batch_op.drop_index("ix_alerts_send_at")
        batch_op.drop_index(batch_op.f("ix_alerts_profile_id"))

    op.drop_table("alerts")
    with op.batch_alter_table("push_subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_push_subscriptions_profile_id"))

    op.drop_table("push_subscriptions")
