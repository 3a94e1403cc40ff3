"""The safety check as it is shown: its screens, their buttons and the words around the ticks."""

from dataclasses import dataclass

from spasm.content import CheckGroup, CheckQuestion, Fact
from spasm.content.red_flags import CHECK_GROUPS, EMERGENCY, MATERNITY, SOON, TODAY
from spasm.content.sources import TIP

# An instruction, not a claim about risk.
NOT_SURE_LINE = Fact("Not sure? Tick it and tap Not sure.", (TIP,))


@dataclass(frozen=True, slots=True)
class CheckScreen:
    """One screen of the check: the questions of some urgencies, in their
    groups, under a line that says what to do with them."""

    key: str
    legend: str
    groups: tuple[CheckGroup, ...]
    # Group titles help on a long screen; a short one is quicker without them.
    titled: bool

    @property
    def questions(self) -> tuple[CheckQuestion, ...]:
        return tuple(q for group in self.groups for q in group.questions)


def _screen(key: str, legend: str, urgencies: tuple[str, ...], titled: bool) -> CheckScreen:
    groups = []
    for group in CHECK_GROUPS:
        asked = tuple(q for q in group.questions if q.urgency in urgencies)
        if asked:
            groups.append(CheckGroup(group.title, asked))
    return CheckScreen(key, legend, tuple(groups), titled)


# Two short screens rather than one long one. The signs that mean "call now"
# come first and alone, so a person on the floor reads those before anything
# else, and one tap says none of them apply.
CHECK_SCREENS: tuple[CheckScreen, ...] = (
    _screen("now", "Tick any you have now:", (EMERGENCY, MATERNITY), titled=False),
    _screen("more", "A few more. Tick any that apply:", (TODAY, SOON), titled=True),
)
CHECK_SCREEN_BY_KEY: dict[str, CheckScreen] = {screen.key: screen for screen in CHECK_SCREENS}

# The buttons of a screen. "Yes" and "Not sure" answer the ticked signs;
# "None of these" moves on and answers nothing.
NONE_LABEL = "None of these"
YES_LABEL = "Yes"
NOT_SURE_LABEL = "Not sure"
TICKED_BEFORE = "You ticked before:"
# Under the answers on an episode and in the summary for a clinician: the
# check stores only ticks, so a sign left out is unknown, not a "no".
ONLY_TICKED = "Only the signs ticked are listed. The others were not answered one by one."
# Where the check lands, above the signs that sent the person there.
YOU_TICKED = "You ticked:"
NOT_SURE_MARK = "(not sure)"
