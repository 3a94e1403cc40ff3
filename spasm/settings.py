"""Settings stored on the device profile, and deleting everything."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Blueprint, current_app, flash, g, redirect, session, url_for
from sqlalchemy import delete
from wtforms import Field, StringField
from wtforms.validators import Length, Optional, ValidationError

from .content.regions import AUTO, AUTO_LABEL, REGIONS
from .device import TEXT_SIZES, THEMES, current_profile, ensure_profile, forget_device
from .extensions import db
from .models import Profile
from .rules.timer_bounds import COLD, HEAT, MAX_MINUTES, MIN_MINUTES, BoundsError, check_minutes, default_minutes
from .web.forms import ChoiceField, Form, WholeNumberField
from .web.rendering import personal, render
from .web.templating import emergency_number

bp = Blueprint("settings", __name__)

SOUND = {"on": "On", "off": "Off"}
# Digits, with an optional leading +: what a tel: link and a keypad accept.
EMERGENCY_NUMBER = re.compile(r"\+?[0-9]{2,15}")
# A phone that can get a text: 6 to 15 digits (the international maximum),
# with an optional leading +.
HELP_PHONE = re.compile(r"\+?[0-9]{6,15}")
HELP_NAME_MAX = 40
# What people put inside phone numbers to make them readable.
NUMBER_PUNCTUATION = re.compile(r"[\s().-]")
# Browsers wipe the device's copies too: the offline cache, the service
# worker and local storage (which holds the chosen emergency number).
CLEAR_SITE_DATA = '"cache", "storage"'


# "Where my phone is" first: the device picks the number from its time zone.
REGION_CHOICES: dict[str, str] = {
    AUTO: AUTO_LABEL,
    **{key: f"{region.label} ({region.emergency})" for key, region in REGIONS.items()},
}


def deployment_region() -> str:
    region = current_app.config["REGION"]
    return region if region in REGIONS else "other"


class TimerMinutes:
    """A timer length within the safety bounds of spasm.rules.timer_bounds,
    which also writes the messages; leaves the field holding whole minutes."""

    def __init__(self, kind: str):
        self.kind = kind

    def __call__(self, form: Form, field: WholeNumberField) -> None:
        # Text that is no whole number (or none) goes to the bound check as
        # typed, which says so in its own words.
        try:
            field.data = check_minutes(self.kind, field.typed if field.data is None else field.data)
        except BoundsError as error:
            raise ValidationError(str(error)) from None


class Dialable:
    """A number a phone can dial or text: digits with an optional leading +,
    of the pattern's length. The messages say what is wrong, with an example."""

    def __init__(self, pattern: re.Pattern[str], example: str, letters: str, length: str):
        self.pattern, self.example, self.letters, self.length = pattern, example, letters, length

    def __call__(self, form: Form, field: Field) -> None:
        value = field.data or ""
        if not value or self.pattern.fullmatch(value):
            return
        if re.search(r"[^\W\d_]", value):
            raise ValidationError(f"Use digits only, like {self.example}. {self.letters}")
        if re.search(r"[^0-9+]", value) or "+" in value[1:]:
            raise ValidationError(f"Use digits only, like {self.example}. A + is fine at the start.")
        raise ValidationError(self.length)


def number_field(label: str, cleaned: Callable[[str | None], str | None], dialable: Dialable) -> StringField:
    """An optional number, put in its stored form before it is checked."""
    return StringField(label, filters=[cleaned], validators=[Optional(), dialable])


def without_separators(value: str | None) -> str | None:
    """Spaces and dashes are how people write numbers; keep only the rest."""
    return re.sub(r"[\s-]", "", value or "") or None


def as_mobile_number(value: str | None) -> str | None:
    value = (value or "").strip()
    # "+44 (0)7700 900123": the 0 in brackets is only dialled from inside the country.
    if value.startswith("+"):
        value = value.replace("(0)", "")
    return NUMBER_PUNCTUATION.sub("", value) or None


def one_line(value: str | None) -> str | None:
    """A name is shown on the help button: one line, single spaces."""
    return " ".join((value or "").split()) or None


def printable(form: Form, field: Field) -> None:
    if field.data and not field.data.isprintable():
        raise ValidationError("Remove the hidden characters from the name.")


class SettingsForm(Form):
    # The template draws the choices. Filters put each value in its stored
    # form (no spaces in numbers, None for nothing) before the validators run;
    # the page shows back what was typed.
    region = ChoiceField("Where are you?", choices=REGION_CHOICES, message="Choose a place from the list.")
    emergency_number = number_field(
        "Your emergency number (optional)",
        without_separators,
        Dialable(EMERGENCY_NUMBER, "112", "Letters cannot be dialled.", "Enter 2 to 15 digits."),
    )
    heat_minutes = WholeNumberField("Heat, minutes", validators=[TimerMinutes(HEAT)])
    cold_minutes = WholeNumberField("Cold, minutes", validators=[TimerMinutes(COLD)])
    sound = ChoiceField("Sound when a timer ends", choices=SOUND, message="Choose on or off.")
    text_size = ChoiceField("Text size", choices=TEXT_SIZES, message="Choose a text size from the list.")
    theme = ChoiceField("Colours", choices=THEMES, message="Choose one of the colour options.")
    help_contact_name = StringField(
        "Their name",
        filters=[one_line],
        validators=[
            Optional(),
            printable,
            Length(max=HELP_NAME_MAX, message=f"Use at most {HELP_NAME_MAX} characters."),
        ],
    )
    help_contact_phone = number_field(
        "Their mobile number",
        as_mobile_number,
        Dialable(HELP_PHONE, "07700 900123", "Letters cannot get a text.", "Enter a mobile number of 6 to 15 digits."),
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        name, phone = self.help_contact_name, self.help_contact_phone
        # Both or neither: a number with no name, or a name with no number, is half a contact.
        if not name.errors and not phone.errors:
            if name.data and not phone.data:
                phone.errors = [*phone.errors, f"Add a mobile number for {name.data}, or clear the name."]
                valid = False
            elif phone.data and not name.data:
                name.errors = [*name.errors, "Add their name, so you know who gets the message."]
                valid = False
        return valid

    @classmethod
    def for_profile(cls, profile: Profile | None) -> SettingsForm:
        """The form filled in with what this device uses now."""
        return cls(
            formdata=None,
            region=(profile.region if profile and profile.region in REGIONS else AUTO),
            emergency_number=(profile.emergency_number if profile else None) or "",
            heat_minutes=default_minutes(HEAT, profile.heat_minutes if profile else None),
            cold_minutes=default_minutes(COLD, profile.cold_minutes if profile else None),
            sound="on" if profile is None or profile.sound_on else "off",
            text_size=profile.text_size if profile else "normal",
            theme=profile.theme if profile else "auto",
            help_contact_name=(profile.help_contact_name if profile else None) or "",
            help_contact_phone=(profile.help_contact_phone if profile else None) or "",
        )


def settings_context(form: SettingsForm) -> dict:
    return {
        "form": form,
        "regions": REGION_CHOICES,
        "text_sizes": TEXT_SIZES,
        "themes": THEMES,
        "sound_choices": SOUND,
        "bounds": {"min": MIN_MINUTES, "heat": MAX_MINUTES[HEAT], "cold": MAX_MINUTES[COLD]},
        # The deployment's number when none is chosen, for a page without JavaScript.
        "effective_number": emergency_number(current_profile(), REGIONS[deployment_region()].emergency),
    }


@bp.get("/settings")
def index():
    """The one settings form, filled in with this device's choices."""
    form = SettingsForm.for_profile(current_profile())
    return personal(render("settings/page.html", "settings/_form.html", **settings_context(form)))


@bp.post("/settings")
def save():
    """Save every setting at once; nothing is saved if one is wrong."""
    form = SettingsForm()
    if not form.validate():
        return personal(render("settings/page.html", "settings/_form.html", status=422, **settings_context(form)))
    profile = ensure_profile()
    # The validators left each value checked and in its stored form (minutes
    # as numbers, numbers without spaces, None for nothing).
    values = form.data
    # No region stored means "where my phone is".
    profile.region = None if values["region"] == AUTO else values["region"]
    profile.emergency_number = values["emergency_number"]
    profile.heat_minutes = values["heat_minutes"]
    profile.cold_minutes = values["cold_minutes"]
    profile.sound_on = values["sound"] == "on"
    profile.text_size = values["text_size"]
    profile.theme = values["theme"]
    profile.help_contact_name = values["help_contact_name"]
    profile.help_contact_phone = values["help_contact_phone"]
    db.session.commit()
    flash("Settings saved.")
    # A whole new page, so the chosen theme and text size apply at once.
    return redirect(url_for("settings.index"), code=303)


@bp.get("/settings/delete")
def confirm_delete():
    """Ask once more before deleting everything."""
    return personal(render("settings/delete.html", "settings/_delete.html", has_data=current_profile() is not None))


@bp.post("/settings/delete")
def delete_everything():
    """Delete the profile; the database cascades to every row it owns."""
    profile = current_profile()
    if profile is not None:
        db.session.execute(delete(Profile).where(Profile.id == profile.id))
        db.session.commit()
        db.session.expunge_all()
    g.profile = None
    session.clear()
    response = redirect(url_for("settings.deleted"), code=303)
    response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    forget_device(response)
    return personal(response)


@bp.get("/settings/deleted")
def deleted():
    """Confirmation that nothing is left."""
    return personal(render("settings/deleted.html", "settings/_deleted.html"))
