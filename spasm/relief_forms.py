"""The relief flow's two forms that need more than a field each: the
safety check (ticked signs and the button tapped) and the onset (a quick
answer, or a time picked on the phone's own clock)."""

from __future__ import annotations

from datetime import datetime

from flask import request
from wtforms import SelectField, SelectMultipleField, StringField

from . import clock
from .content import check_screens
from .content import red_flags as red_flag_content
from .content import relief as content
from .rules import onset as onset_rules
from .rules.onset import UNKNOWN_CHOICE, OnsetError
from .rules.red_flags import TAPPED_NONE, TAPPED_NOT_SURE, TAPPED_YES, answers_from_form
from .web.forms import ChoiceField, Form, refuse_hidden_characters

# The safety check's signs (question keys), and the buttons that send it.
SIGNS = {key: question.label for key, question in red_flag_content.CHECK_BY_KEY.items()}
TAPS = {
    TAPPED_YES: check_screens.YES_LABEL,
    TAPPED_NOT_SURE: check_screens.NOT_SURE_LABEL,
    TAPPED_NONE: check_screens.NONE_LABEL,
}
# When the pain began: a quick answer, or "Pick a time".
ONSET_CHOICES = {choice.key: choice.label for choice in content.ONSET_CHOICES}


def _known_tap(tapped: str | None) -> str | None:
    """The button tapped, or None for any other value. None reads as "Yes",
    as an unknown tap always has: the older form sent no button at all, and
    a refusal would throw its ticks away."""
    return tapped if tapped in TAPS else None


class SafetyCheckForm(Form):
    """A screen of the safety check: the signs ticked (`sign`, question keys)
    and the button tapped (`answer`: yes, unsure or none). Valid, it holds
    `answers`: only what the person answered, never a "no"."""

    # Unknown keys are not refused but dropped when the answers are read.
    sign = SelectMultipleField(choices=SIGNS, validate_choice=False)
    # The older form's ticks, which a phone may still have kept to send.
    yes = SelectMultipleField(choices=SIGNS, validate_choice=False)
    answer = SelectField(choices=TAPS, validate_choice=False, filters=[refuse_hidden_characters, _known_tap])
    answers: dict[str, str]

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        # Unknown keys are dropped: only the known questions are read.
        ticked = [*(self.sign.data or ()), *(self.yes.data or ())]
        self.answers = answers_from_form(request.form, ticked, self.answer.data)
        return True


class OnsetForm(Form):
    """When the pain began: a quick answer, or a time picked on the phone's
    own clock. Valid once the onset rules give a time for it: `onset_at`."""

    picked = StringField()
    tz_offset = StringField()
    # Last, so that hidden characters in any field are the message shown
    # before the choice's own (the first error in field order is shown).
    choice = ChoiceField(choices=ONSET_CHOICES, message=UNKNOWN_CHOICE, filters=[refuse_hidden_characters])
    onset_at: datetime

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        choice = self.choice.data or ""
        try:
            picked = None
            if choice == onset_rules.PICK_TIME:
                picked = onset_rules.picked_to_utc(self.picked.data, self.tz_offset.data)
            offset = onset_rules.offset_minutes(self.tz_offset.data)
            self.onset_at = onset_rules.onset_from_choice(choice, clock.now(), picked, offset)
        except OnsetError as error:
            self.form_errors.append(str(error))
            return False
        return True
