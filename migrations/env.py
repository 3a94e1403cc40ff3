"""Alembic environment: migrations run against the app's own engine."""

import logging

from alembic import context
from flask import current_app

logger = logging.getLogger("alembic.env")


def render_item(type_, obj, autogen_context):
    """Write the project's UTC column type as a plain DateTime, so migration
    files do not import the application."""
    from spasm.models import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def skip_empty_revisions(migration_context, revision, directives):
    # `flask db migrate` with no model change should not write an empty file.
    if getattr(context.config.cmd_opts, "autogenerate", False):
        script = directives[0]
        if script.upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")


def run_migrations() -> None:
    db = current_app.extensions["migrate"].db
    options = dict(current_app.extensions["migrate"].configure_args)
    options.setdefault("process_revision_directives", skip_empty_revisions)
    options.setdefault("render_item", render_item)
    options.setdefault("compare_type", True)
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    options.setdefault("render_as_batch", db.engine.dialect.name == "sqlite")

    if context.is_offline_mode():
        context.configure(url=db.engine.url, target_metadata=db.metadata, literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return

    with db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=db.metadata, **options)
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
