"""Spasm: back-spasm first aid that works on the floor, one-handed, offline."""

from pathlib import Path

from flask import Flask

from . import config, device
from .config import ROOT
from .extensions import db, htmx, migrate
from .timers import alerts, push
from .web import asset_files, assets, compression, cross_origin, errors, forms, security, templating, urls


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        # Static files are served by spasm.web.assets (/assets/ through WhiteNoise).
        static_folder=None,
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    config.load(app, test_config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    cross_origin.init_app(app)
    htmx.init_app(app)

    from .web import database

    database.init_app(app)
    device.init_app(app)
    compression.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    forms.init_app(app)
    assets.init_app(app, ROOT / "static")
    templating.init_app(app, device.current_profile)
    urls.init_app(app)
    register_blueprints(app)
    push.init_app(app)
    alerts.init_app(app)
    if not app.debug:
        wrap_for_speed(app)
    return app


def wrap_for_speed(app: Flask) -> None:
    """The shared page cache, and the files of /assets/ sent before it."""
    from .web.page_cache import SharedPageCache

    page_cache = SharedPageCache(app.wsgi_app, app.config["DEVICE_COOKIE_NAME"])
    # Kept at hand: the layers in front of it hide it from app.wsgi_app.
    app.extensions["spasm_page_cache"] = page_cache
    app.wsgi_app = page_cache  # type: ignore[method-assign]
    # Outermost, so a file under /assets/ is sent before any layer behind it runs.
    asset_files.serve_files(app)


def register_blueprints(app: Flask) -> None:
    from . import checkins, health, home, prevention, pwa, red_flags, relief, settings
    from .history import views as history
    from .timers import views as timers

    modules = (health, home, relief, checkins, timers, push, red_flags, pwa, history, settings, prevention)
    for module in modules:
        app.register_blueprint(module.bp)
