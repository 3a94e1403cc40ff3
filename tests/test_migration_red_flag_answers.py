"""The migration that turns red-flag answers from true/false into yes, unsure
or no keeps every answer people gave, and goes back again."""

import flask_migrate
import pytest
import sqlalchemy as sa

from spasm.extensions import db
from tests.conftest import make_app

BEFORE = "4b1d0c7e9a21"


@pytest.fixture
def old_database(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    with app.app_context():
        flask_migrate.upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO profiles (id, token_hash, created_at, sound_on, text_size, theme) "
                    "VALUES (1, 'x', '2026-01-01 00:00:00', 1, 'normal', 'auto')"
                )
            )
            connection.execute(sa.text("INSERT INTO episodes (id, profile_id, started_at) VALUES (1, 1, '2026-01-01')"))
            connection.execute(
                sa.text(
                    "INSERT INTO red_flag_answers (episode_id, question, answer, answered_at, profile_id) "
                    "VALUES (1, 'fever', 1, '2026-01-01', 1), (1, 'chest_pain', 0, '2026-01-01', 1)"
                )
            )
    yield app
    with app.app_context():
        db.engine.dispose()


def rows(app):
    with app.app_context(), db.engine.connect() as connection:
        return dict(connection.execute(sa.text("SELECT question, answer FROM red_flag_answers")).all())


def test_true_becomes_yes_and_false_becomes_no(old_database):
    with old_database.app_context():
        flask_migrate.upgrade()
    assert rows(old_database) == {"fever": "yes", "chest_pain": "no"}
    with old_database.app_context(), db.engine.connect() as connection, pytest.raises(sa.exc.IntegrityError):
        connection.execute(sa.text("UPDATE red_flag_answers SET answer = 'maybe'"))


def test_going_back_keeps_not_sure_as_yes(old_database):
    with old_database.app_context():
        flask_migrate.upgrade()
        with db.engine.begin() as connection:
            connection.execute(sa.text("UPDATE red_flag_answers SET answer = 'unsure' WHERE question = 'chest_pain'"))
        flask_migrate.downgrade(revision=BEFORE)
    assert {k: bool(v) for k, v in rows(old_database).items()} == {"fever": True, "chest_pain": True}
