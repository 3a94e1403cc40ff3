"""red_flags"""

from flask import Blueprint

bp = Blueprint("red_flags", __name__)
