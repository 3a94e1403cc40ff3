"""timers"""

from flask import Blueprint

bp = Blueprint("timers", __name__)
