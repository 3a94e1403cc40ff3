"""Configuration layers and the secret key rule."""

import pytest

from spasm import create_app
from spasm.config import database_uri


def test_testing_config_wins(app):
    assert app.testing
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024


def test_environment_variables_override_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("SPASM_REGION", "uk")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.db"})
    assert app.config["REGION"] == "uk"


def test_embedded_default_generates_and_keeps_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SPASM_SECRET_KEY", raising=False)
    monkeypatch.delenv("SPASM_DATABASE_URL", raising=False)
    first = create_app(instance_path=str(tmp_path))
    second = create_app(instance_path=str(tmp_path))
    key = first.config["SECRET_KEY"]
    assert len(key) >= 64
    assert key == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").read_text() == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert first.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/spasm.sqlite3"


def test_shared_database_without_secret_key_refuses_to_start(monkeypatch):
    monkeypatch.delenv("SPASM_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SPASM_SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@localhost/spasm"})


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_urls_are_normalised(app, given, expected):
    app.config["SQLALCHEMY_DATABASE_URI"] = None
    app.config["DATABASE_URL"] = given
    assert database_uri(app) == expected


def test_default_database_is_sqlite_in_instance(app):
    app.config["SQLALCHEMY_DATABASE_URI"] = None
    app.config["DATABASE_URL"] = None
    assert database_uri(app) == "sqlite:///" + app.instance_path + "/spasm.sqlite3"


@pytest.mark.parametrize(("value", "expected"), [("auto", "auto"), ("true", True), ("false", False)])
def test_cookie_secure_setting_from_the_environment(monkeypatch, tmp_path, value, expected):
    monkeypatch.setenv("SPASM_SESSION_COOKIE_SECURE", value)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.db"})
    assert app.config["SESSION_COOKIE_SECURE"] == expected


def test_cookie_secure_is_auto_by_default(app):
    assert app.config["SESSION_COOKIE_SECURE"] == "auto"


def test_a_mistyped_cookie_secure_setting_refuses_to_start(monkeypatch, tmp_path):
    monkeypatch.setenv("SPASM_SESSION_COOKIE_SECURE", "yes")
    with pytest.raises(RuntimeError, match="SPASM_SESSION_COOKIE_SECURE"):
        create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.db"})
