"""Timer sessions are called timer runs

"Session" already names Flask's cookie and the database session; a timer
that runs is a timer run. Table, column, index and constraint names follow.

Revision ID: 5d2a8f7c1e90
Revises: 3e1f0a9c4b27
Create Date: 2026-11-22 07:35:00.000000

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "5d2a8f7c1e90"
down_revision = "3e1f0a9c4b27"
branch_labels = None
depends_on = None

INDEXES = (
    # (old, new, table, columns)
    ("ix_timer_sessions_episode_id", "ix_timer_runs_episode_id", ["episode_id"]),
    ("ix_timer_sessions_profile_id", "ix_timer_runs_profile_id", ["profile_id"]),
    ("ix_timer_sessions_profile_status", "ix_timer_runs_profile_status", ["profile_id", "status"]),
)
# PostgreSQL keeps constraint names in its catalogue; SQLite only in the
# table's text, where nothing looks them up, so they are renamed on PostgreSQL.
CONSTRAINTS = (
    ("timer_runs", "pk_timer_sessions", "pk_timer_runs"),
    ("timer_runs", "ck_timer_sessions_planned_positive", "ck_timer_runs_planned_positive"),
    ("timer_runs", "fk_timer_sessions_episode_id_episodes", "fk_timer_runs_episode_id_episodes"),
    ("timer_runs", "fk_timer_sessions_profile_id_profiles", "fk_timer_runs_profile_id_profiles"),
    ("alerts", "fk_alerts_timer_session_id_timer_sessions", "fk_alerts_timer_run_id_timer_runs"),
)


def rename(old_table, new_table, old_column, new_column, indexes, constraints, alert_index):
    op.rename_table(old_table, new_table)
    for old, new, columns in indexes:
        op.drop_index(old, table_name=new_table)
        op.create_index(new, new_table, columns)
    op.drop_index(alert_index[0], table_name="alerts")
    with op.batch_alter_table("alerts") as batch_op:
        batch_op.alter_column(old_column, new_column_name=new_column)
    op.create_index(alert_index[1], "alerts", [new_column])
    if op.get_bind().dialect.name == "postgresql":
        for table, old, new in constraints:
            op.execute(f'ALTER TABLE {table} RENAME CONSTRAINT "{old}" TO "{new}"')


def upgrade():
    rename(
        "timer_sessions",
        "timer_runs",
        "timer_session_id",
        "timer_run_id",
        INDEXES,
        CONSTRAINTS,
        ("ix_alerts_timer_session_id", "ix_alerts_timer_run_id"),
    )


def downgrade():
    rename(
        "timer_runs",
        "timer_sessions",
        "timer_run_id",
        "timer_session_id",
        [(new, old, columns) for old, new, columns in INDEXES],
        [("timer_sessions" if table == "timer_runs" else table, new, old) for table, old, new in CONSTRAINTS],
        ("ix_alerts_timer_run_id", "ix_alerts_timer_session_id"),
    )
