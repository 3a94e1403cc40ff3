"""Messages for how long an episode has lasted and how it is going.

Text only: the rules that pick a message from the onset date and check-ins
live elsewhere. ``urgency`` matches a key in ``red_flags.URGENCY_BY_KEY``.
"""

from spasm.content import Advice, Fact

EARLY_DAYS = Advice(
    key="early_days",
    title="Keep going",
    facts=(
        Fact("Most back spasms ease with self-care at home.", ("NHS", "S1")),
        Fact("Keep gently moving, and avoid long bed rest.", ("NHS", "Cochrane")),
    ),
    urgency=None,
)

NO_IMPROVEMENT_3_DAYS = Advice(
    key="no_improvement_3_days",
    title="Time to get it checked",
    facts=(
        Fact("It has been about 3 days without it getting better.", ("S1", "S4")),
        Fact("Please see a doctor or pharmacist.", ("S1", "S4")),
    ),
    urgency="soon",
)

OVER_TWO_WEEKS = Advice(
    key="over_two_weeks",
    title="See a doctor",
    facts=(
        Fact("Your pain has lasted more than two weeks.", ("S1",)),
        Fact("Please see a doctor. They may suggest a scan.", ("S1",)),
    ),
    urgency="soon",
)

OVER_FOUR_WEEKS = Advice(
    key="over_four_weeks",
    title="See a doctor",
    facts=(
        Fact("It is still not better after 4 weeks.", ("Mayo",)),
        Fact("Please see a doctor about it.", ("Mayo",)),
    ),
    urgency="soon",
)

GETTING_WORSE = Advice(
    key="getting_worse",
    title="See a doctor today",
    facts=(
        Fact("Your pain is getting worse despite rest and medicine.", ("S0", "S4")),
        Fact("Please see a doctor or go to urgent care today.", ("S0", "S4")),
    ),
    urgency="today",
)

ADVICE: tuple[Advice, ...] = (
    EARLY_DAYS,
    NO_IMPROVEMENT_3_DAYS,
    OVER_TWO_WEEKS,
    OVER_FOUR_WEEKS,
    GETTING_WORSE,
)

ADVICE_BY_KEY: dict[str, Advice] = {a.key: a for a in ADVICE}
