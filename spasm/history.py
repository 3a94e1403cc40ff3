"""history"""

from flask import Blueprint

bp = Blueprint("history", __name__)


@bp.get("/history/<int:episode_id>")
def episode(episode_id: int):
    """Placeholder until the history pages exist."""
    return ""
