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
from spasm.content.timing import FEW_DAYS, FEW_WEEKS

EARLY_DAYS = Advice(
    key="early_days",
    title="Keep going",
    facts=(
        Fact(f"Most back pain gets better within {FEW_WEEKS}.", ("NHS",)),
        Fact("Keep gently moving, and avoid long bed rest.", ("NHS", "Cochrane-rest")),
    ),
    urgency=None,
)

NO_BETTER_FEW_DAYS = Advice(
    key="no_better_few_days",
    title="Time to ask for advice",
    facts=(
        Fact(f"It started {FEW_DAYS} ago or more, and it is no better.", ("NHS", "Mayo")),
        Fact("Please see a pharmacist or doctor for advice.", ("NHS", "Mayo")),
    ),
    urgency="soon",
)

STILL_SEVERE = Advice(
    key="still_severe",
    title="See a doctor or pharmacist soon",
    facts=(
        Fact("Your last score was {latest}. It started 2 days ago or more.", ("NHS", "Mayo")),
        Fact("Pain this bad needs a check. Please see a doctor or pharmacist soon.", ("NHS", "Mayo")),
    ),
    urgency="soon",
)

NOT_BETTER_FEW_WEEKS = Advice(
    key="not_better_few_weeks",
    title="See a doctor",
    facts=(
        Fact(f"It started {FEW_WEEKS} ago or more.", ("NHS", "Mayo", "CKS")),
        Fact("If it is not better, please see a doctor about it.", ("NHS", "Mayo", "CKS")),
        TESTS_LINE,
    ),
    urgency="soon",
)

GETTING_WORSE = Advice(
    key="getting_worse",
    title="See a doctor today",
    facts=(
        Fact("Your scores went from {best} to {latest}, and stayed up.", ("NHS", "Mayo")),
        Fact("Pain that keeps getting worse needs a check today.", ("NHS", "Mayo")),
        Fact("Please see a doctor or go to urgent care today.", ("NHS", "Mayo")),
    ),
    urgency="today",
)

ADVICE: tuple[Advice, ...] = (
    EARLY_DAYS,
    NO_BETTER_FEW_DAYS,
    STILL_SEVERE,
    NOT_BETTER_FEW_WEEKS,
    GETTING_WORSE,
)

ADVICE_BY_KEY: dict[str, Advice] = {a.key: a for a in ADVICE}


def filled(advice: Advice, **values: object) -> Advice:
    """The message with the episode's numbers in place of {best} and {latest}."""
    facts = tuple(Fact(fact.text.format(**values), fact.sources) for fact in advice.facts)
    return Advice(advice.key, advice.title, facts, advice.urgency)
