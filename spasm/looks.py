"""A device's look (theme and text size), kept in a cookie as well as on its
profile, so that pages rendered without the database (the shared pages)
still follow it."""

from __future__ import annotations

from flask import Response, current_app, g, request

# The choices, with their labels on the settings page.
THEMES = {"auto": "Same as the phone", "light": "Light", "dark": "Dark"}
TEXT_SIZES = {"normal": "Normal", "large": "Large", "larger": "Larger"}
DEFAULT = ("auto", "normal")
COOKIE_NAME = "spasm_look"
MAX_AGE = 400 * 24 * 3600


def parse(value: str | None) -> tuple[str, str]:
    """(theme, text size) from a cookie value like "dark.large"; the default
    for anything else."""
    theme, _, size = (value or "").partition(".")
    if theme in THEMES and size in TEXT_SIZES:
        return theme, size
    return DEFAULT


def look_key() -> tuple[str, str]:
    return parse(request.cookies.get(COOKIE_NAME))


def remember(response: Response, theme: str, size: str) -> None:
    value = f"{theme}.{size}"
    if request.cookies.get(COOKIE_NAME) == value:
        return
    if (theme, size) == DEFAULT:
        forget(response)
        return
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=MAX_AGE,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


def forget(response: Response) -> None:
    if COOKIE_NAME in request.cookies:
        response.delete_cookie(
            COOKIE_NAME, secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax"
        )


def sync_with_profile(response: Response) -> Response:
    """Keep the cookie in step with the profile whenever a request loaded it
    (so a saved setting reaches the shared pages too)."""
    profile = g.get("profile")
    if profile is not None:
        remember(response, profile.theme, profile.text_size)
    return response
