"""Flask extensions, created once here and bound to an app in the factory."""

from typing import TYPE_CHECKING

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from htmx_flask import Htmx
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints, so migrations can alter them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# A session lives for one request. Rows it just saved hold the values it
# wrote, so reading them again after the commit (SQLAlchemy's default) only
# cost a query per row on every save.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
htmx = Htmx()

# The base class of every model. flask-sqlalchemy builds db.Model at run time
# (from Base), which a type checker cannot follow; it sees Base instead.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
