"""Messages for how long an episode has lasted and how it is going.

Text only: the rules that pick a message from the onset date and check-ins
live elsewhere. ``urgency`` matches a key in ``red_flags.URGENCY_BY_KEY``.
Each message says only what the app knows (the scores, the days since it
began), never what it cannot (whether the person rested or took medicine).
Text in braces is filled in from the episode: {best} and {latest}. The days
are said as "or more", because a quick onset answer is stored as the earliest
time it can mean.
"""

from spasm.content import Advice, Fact
from spasm.content.red_flags import TESTS_LINE

EARLY_DAYS = Advice(
    key="early_days",
    title="Keep going",
    facts=(
        Fact("Most back spasms ease with self-care at home.", ("NHS", "S1")),
        Fact("Keep gently moving, and avoid long bed rest.", ("NHS", "Cochrane-rest")),
    ),
    urgency=None,
)

NO_IMPROVEMENT_3_DAYS = Advice(
    key="no_improvement_3_days",
    title="Time to get it checked",
    facts=(
        Fact("It started about 3 days ago or more.", ("S1", "S4")),
        Fact("If it is no better, please see a doctor or pharmacist.", ("S1", "S4")),
    ),
    urgency="soon",
)

STILL_SEVERE = Advice(
    key="still_severe",
    title="See a doctor or pharmacist soon",
    facts=(
        Fact("Your last score was {latest}. It started 2 days ago or more.", ("S1", "S4")),
        Fact("Pain this bad needs a check. Please see a doctor or pharmacist soon.", ("S1", "S4")),
    ),
    urgency="soon",
)

OVER_TWO_WEEKS = Advice(
    key="over_two_weeks",
    title="See a doctor",
    facts=(
        Fact("It started about two weeks ago or more.", ("NHS", "Mayo")),
        Fact("Please see a doctor about it.", ("NHS", "Mayo")),
        TESTS_LINE,
    ),
    urgency="soon",
)

OVER_FOUR_WEEKS = Advice(
    key="over_four_weeks",
    title="See a doctor",
    facts=(
        Fact("It started about 4 weeks ago or more.", ("NHS", "Mayo")),
        Fact("Please see a doctor about it.", ("NHS", "Mayo")),
        TESTS_LINE,
    ),
    urgency="soon",
)

GETTING_WORSE = Advice(
    key="getting_worse",
    title="See a doctor today",
    facts=(
        Fact("Your scores went from {best} to {latest}.", ("S0", "NHS")),
        Fact("Pain that keeps getting worse needs a check today.", ("S0", "NHS")),
        Fact("Please see a doctor or go to urgent care today.", ("S0", "NHS")),
    ),
    urgency="today",
)

ADVICE: tuple[Advice, ...] = (
    EARLY_DAYS,
    NO_IMPROVEMENT_3_DAYS,
    STILL_SEVERE,
    OVER_TWO_WEEKS,
    OVER_FOUR_WEEKS,
    GETTING_WORSE,
)

ADVICE_BY_KEY: dict[str, Advice] = {a.key: a for a in ADVICE}


def filled(advice: Advice, **values: object) -> Advice:
    """The message with the episode's numbers in place of {best} and {latest}."""
    facts = tuple(Fact(fact.text.format(**values), fact.sources) for fact in advice.facts)
    return Advice(advice.key, advice.title, facts, advice.urgency)
