"""Prevention: exercises and habits for after the spasm has eased."""

from flask import Blueprint, abort

from .content import prevention as content
from .web.page_cache import shared_page
from .web.rendering import render

bp = Blueprint("prevention", __name__)


@bp.get("/prevention")
@shared_page
def index():
    """All exercises and habits, clearly marked as not for during a spasm."""
    return render(
        "prevention/page.html",
        "prevention/_list.html",
        exercises=content.EXERCISES,
        habits=content.HABITS,
        safety=content.SAFETY,
    )


@bp.get("/prevention/<slug>")
@shared_page
def exercise(slug: str):
    """One exercise, with its hold or repetition timer."""
    found = content.EXERCISE_BY_SLUG.get(slug)
    if found is None:
        abort(404)
    return render(
        "prevention/exercise.html",
        "prevention/_exercise.html",
        exercise=found,
        safety=content.SAFETY,
    )
