"""Red-flag answers are yes, unsure or no

Revision ID: b3e1c7a9d402
Revises: 6444550832e0
Create Date: 2026-11-22 06:10:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b3e1c7a9d402"
down_revision = "6444550832e0"
branch_labels = None
depends_on = None

TABLE = sa.table(
    "red_flag_answers",
    sa.column("answer", sa.Boolean()),
    sa.column("answer_text", sa.String(8)),
)


def upgrade():
    # A new text column filled from the old yes/no, then put in its place.
    with op.batch_alter_table("red_flag_answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answer_text", sa.String(length=8), nullable=True))
    op.execute(TABLE.update().values(answer_text=sa.case((TABLE.c.answer == sa.true(), "yes"), else_="no")))
    with op.batch_alter_table("red_flag_answers", schema=None) as batch_op:
        batch_op.drop_column("answer")
        batch_op.alter_column(
            "answer_text", new_column_name="answer", existing_type=sa.String(length=8), nullable=False
        )
        batch_op.create_check_constraint(op.f("ck_red_flag_answers_answer_value"), "answer IN ('yes', 'unsure', 'no')")


def downgrade():
    # "Not sure" counted as yes, so it goes back as yes.
    old = sa.table(
        "red_flag_answers",
        sa.column("answer", sa.String(8)),
        sa.column("answer_bool", sa.Boolean()),
    )
    with op.batch_alter_table("red_flag_answers", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_red_flag_answers_answer_value"), type_="check")
        batch_op.add_column(sa.Column("answer_bool", sa.Boolean(), nullable=True))
    op.execute(old.update().values(answer_bool=old.c.answer.in_(["yes", "unsure"])))
    with op.batch_alter_table("red_flag_answers", schema=None) as batch_op:
        batch_op.drop_column("answer")
        batch_op.alter_column("answer_bool", new_column_name="answer", existing_type=sa.Boolean(), nullable=False)
