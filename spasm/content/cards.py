"""Which page shows which facts, so /sources can name the cards each source backs.

A reader who checks a source should be able to go back from it to every card
that leans on it. The cards here list the facts each page cites; a test
renders each public page and compares its citations with this list, so the
two cannot drift apart.
"""

from dataclasses import dataclass

from spasm.content import (
    advice,
    check_screens,
    getting_help,
    heat_cold,
    keys_of,
    medicines,
    prevention,
    red_flags,
    relief,
)


@dataclass(frozen=True, slots=True)
class Card:
    """A page of the app, its title as a reader knows it, and what it cites.

    ``public`` is False for a card that only shows once a person has data
    (a recovery message): it has no page of its own to render."""

    title: str
    path: str
    keys: tuple[str, ...]
    public: bool = True


def _step(slug: str, *extra: object) -> Card:
    step = relief.STEP_BY_SLUG[slug]
    return Card(step.title, f"/relief/{slug}", keys_of(step.facts, *extra))


_CHECK_NOW = check_screens.CHECK_SCREEN_BY_KEY["now"]
_CHECK_MORE = check_screens.CHECK_SCREEN_BY_KEY["more"]

CARDS: tuple[Card, ...] = (
    Card(
        relief.STEP_BY_SLUG["position"].title,
        "/relief/position",
        keys_of(
            relief.DO_NOT_MOVE,
            relief.POSITION_LINES,
            relief.POSITION_MORE,
            heat_cold.HEAT_RULES,
            heat_cold.COLD_RULES,
        ),
    ),
    _step("onset"),
    Card("Quick safety check", "/relief/safety-check", keys_of(_CHECK_NOW.questions, check_screens.NOT_SURE_LINE)),
    Card(
        "Quick safety check, more signs",
        "/relief/safety-check/more",
        keys_of(_CHECK_MORE.questions, check_screens.NOT_SURE_LINE),
    ),
    Card(
        relief.STEP_BY_SLUG["heat-cold"].title,
        "/relief/heat-cold",
        keys_of(relief.STEP_BY_SLUG["heat-cold"].facts, heat_cold.HEAT_RULES, heat_cold.COLD_RULES, heat_cold.EVIDENCE),
    ),
    Card(
        relief.STEP_BY_SLUG["breathe"].title,
        "/relief/breathe",
        keys_of(relief.BREATH_STEPS, relief.STEP_BY_SLUG["breathe"].facts),
    ),
    _step("move", relief.REASSURANCE),
    Card(relief.STEP_BY_SLUG["medicines"].title, "/relief/medicines", keys_of(medicines.CITED)),
    _step("check-in"),
    Card(
        "Warning signs",
        "/red-flags",
        keys_of((urgency.signs for urgency in red_flags.URGENCIES), red_flags.TESTS_LINE, getting_help.DISCLAIMER),
    ),
    Card(
        "Heat and cold timers",
        "/timer",
        # The page before a timer starts: the lead, the key skin rules, the
        # swap and the movement reminder.
        keys_of(
            heat_cold.HEAT_EVIDENCE,
            heat_cold.CHOOSE,
            heat_cold.KEY_RULES,
            heat_cold.CONTRAST,
            relief.MOVE_OFTEN,
        ),
    ),
    Card(
        prevention.PAGE_TITLE,
        "/prevention",
        keys_of(prevention.SAFETY, (habit.fact for habit in prevention.HABITS)),
    ),
    *(
        Card(exercise.name, f"/prevention/{exercise.slug}", keys_of(prevention.SAFETY, exercise))
        for exercise in prevention.EXERCISES
    ),
    Card(
        "What to do after the safety check",
        "/red-flags/check",
        keys_of(getting_help.DO_NOW.values(), getting_help.WORSE_FAST, getting_help.AFTER_A_FALL),
        public=False,
    ),
    Card(
        "Messages about your recovery",
        "/history",
        keys_of(message.facts for message in advice.ADVICE),
        public=False,
    ),
)


def cards_citing(key: str) -> tuple[Card, ...]:
    """The cards that cite a source, each page once."""
    seen: dict[str, Card] = {}
    for card in CARDS:
        if key in card.keys:
            seen.setdefault(card.path + card.title, card)
    return tuple(seen.values())
