"""Warning signs grouped by how fast to get help, and the in-flow safety check.

The groups follow the NHS and NICE red-flag lists. Signs are written as a
person would notice them, without medical names, because the reader is
frightened and on the floor. Every sign on the red-flag page is asked in the
check (``CheckQuestion.signs`` names the signs each question covers): a sign
that is never asked sends nobody for help.
"""

from dataclasses import dataclass

from spasm.content import CheckGroup, CheckQuestion, Fact, Urgency

EMERGENCY = "emergency"
TODAY = "today"
SOON = "soon"

# Label for the tel: button; the page fills in the number for where the phone is.
CALL_LABEL = "Call {number}"

# The answers to each check question. "Not sure" counts as "yes": with these
# signs it is safer to ask for help and be told it was not needed.
YES = "yes"
NOT_SURE = "unsure"
NO = "no"
ANSWERS: tuple[tuple[str, str], ...] = ((YES, "Yes"), (NOT_SURE, "Not sure"), (NO, "No"))
COUNTS_AS_YES = frozenset({YES, NOT_SURE})

# --- the signs, as the red-flag page lists them -------------------------------

BLADDER_BOWEL = Fact(
    "You cannot control your bladder or bowel. Or you cannot pee, or do not feel the need.",
    ("NHS", "NHS-CES", "CKS", "Mayo", "S0", "S2", "S3", "S4"),
)
BLADDER_FEELING = Fact(
    "You do not feel yourself pee or poo, or you are leaking.",
    ("NHS-CES", "CKS"),
)
SADDLE = Fact(
    "Numbness or tingling around your genitals, bottom or inner thighs. Wiping may feel different.",
    ("NHS", "NHS-CES", "CKS"),
)
SEXUAL_CHANGE = Fact(
    "A new change in sex: less feeling in your genitals. Or new trouble with erections or coming.",
    ("NHS-CES",),
)
BOTH_LEGS = Fact(
    "Weakness, numbness, tingling or pain in both legs.",
    ("NHS", "NHS-CES", "CKS"),
)
LEGS_WORSENING = Fact(
    "Leg weakness or numbness that gets worse fast, even in one leg.",
    ("NHS-CES", "CKS"),
)
LEGS_GIVING_WAY = Fact(
    "Your legs give way, or your walking is unsteady.",
    ("CKS",),
)
CHEST_PAIN = Fact("Chest pain as well as back pain.", ("NHS", "Mayo"))
SERIOUS_FALL = Fact("Back pain after a serious fall or accident.", ("NHS", "CKS"))
SUDDEN_TUMMY = Fact(
    "Sudden, bad pain in your tummy or back with a throbbing feeling. Or you feel dizzy, "
    "sweaty and cold, or you faint.",
    ("NHS-AAA", "Mayo"),
)

FEVER = Fact("A high temperature, or you feel hot and shivery.", ("S0", "NHS", "CKS"))
RECENT_INFECTION = Fact("A recent infection, such as a urine infection.", ("CKS", "NHS"))
ONE_LEG = Fact("Bad weakness or numbness down one leg.", ("S0", "S1"))
NIGHT_PAIN = Fact("Pain that never lets up, or is worse at night or at rest.", ("S0", "S4", "NHS"))
WORSE_DESPITE_REST = Fact("Pain that keeps getting worse, even with rest and painkillers.", ("S0", "NHS"))
COUGH_PAIN = Fact("Pain that is worse when you cough, sneeze or poo.", ("NHS",))
BETWEEN_SHOULDERS = Fact("Pain high up, between your shoulder blades.", ("NHS",))
BACK_LUMP = Fact("A lump or swelling on your back, or a change in its shape.", ("NHS",))
WEIGHT_LOSS = Fact("Weight loss you cannot explain.", ("CKS", "Mayo"))
CANCER = Fact("You have had cancer.", ("CKS",))
WEAK_IMMUNITY = Fact(
    "A weak immune system, for example from chemo, long-term steroids or HIV.",
    ("CKS",),
)
INJECTED_DRUGS = Fact("You inject drugs.", ("CKS",))
THIN_BONES_FALL = Fact(
    "A fall or small injury, and you have thin bones or take steroids long-term.",
    ("CKS",),
)

NO_BETTER_3_DAYS = Fact("No better after about 3 days of self-care.", ("S1", "S4"))
STILL_SEVERE = Fact("Still very bad, even with rest and painkillers.", ("S1", "S4"))
NEW_PAIN_AGE = Fact("Back pain that is new, and you are under 20 or over 50.", ("CKS",))
KEEPS_COMING_BACK = Fact("Spasms that keep coming back or get in the way of daily life.", ("S2",))
COPING = Fact("You are worried, or finding it hard to cope.", ("NHS",))
FOUR_WEEKS = Fact("Not better after 4 weeks.", ("NHS", "Mayo"))

URGENCIES: tuple[Urgency, ...] = (
    Urgency(
        key=EMERGENCY,
        title="Call the emergency number now",
        lead="Any one of these means call now. Do not try to move.",
        signs=(
            BLADDER_BOWEL,
            BLADDER_FEELING,
            SADDLE,
            SEXUAL_CHANGE,
            BOTH_LEGS,
            LEGS_WORSENING,
            LEGS_GIVING_WAY,
            CHEST_PAIN,
            SERIOUS_FALL,
            SUDDEN_TUMMY,
        ),
        sources=("NHS", "NHS-CES", "NHS-AAA", "CKS", "Mayo"),
    ),
    Urgency(
        key=TODAY,
        title="See a doctor today",
        lead="Call your doctor or go to urgent care today.",
        signs=(
            FEVER,
            RECENT_INFECTION,
            ONE_LEG,
            NIGHT_PAIN,
            WORSE_DESPITE_REST,
            COUGH_PAIN,
            BETWEEN_SHOULDERS,
            BACK_LUMP,
            WEIGHT_LOSS,
            CANCER,
            WEAK_IMMUNITY,
            INJECTED_DRUGS,
            THIN_BONES_FALL,
        ),
        sources=("NHS", "CKS", "Mayo", "S0"),
    ),
    Urgency(
        key=SOON,
        title="See a doctor or pharmacist soon",
        lead="Book to see someone in the next few days.",
        signs=(
            NO_BETTER_3_DAYS,
            STILL_SEVERE,
            NEW_PAIN_AGE,
            KEEPS_COMING_BACK,
            COPING,
            FOUR_WEEKS,
        ),
        sources=("S1", "S4", "NHS", "CKS", "Mayo"),
    ),
)

URGENCY_BY_KEY: dict[str, Urgency] = {u.key: u for u in URGENCIES}

# Most urgent first: when several answers are "yes", the earliest key wins.
URGENCY_ORDER: tuple[str, ...] = tuple(u.key for u in URGENCIES)

# What a doctor does about tests. NICE NG59 1.1.4: do not routinely offer
# imaging, so the app never suggests a scan or an X-ray.
TESTS_LINE = Fact("A doctor will check whether you need any tests.", ("NICE",))

# --- the in-flow check ----------------------------------------------------------

CHECK_INTRO = "Tap Yes or Not sure for any that apply. If none do, carry on."
NOT_SURE_LINE = Fact("Not sure? Tick it and tap Not sure. It is safer to ask.", ("NHS",))


def _ask(key: str, label: str, urgency: str, *signs: Fact) -> CheckQuestion:
    sources = tuple(dict.fromkeys(k for sign in signs for k in sign.sources))
    return CheckQuestion(key, label, urgency, sources, signs)


# Grouped by what the person notices, most urgent groups first, so a person in
# pain can skip a whole group at a glance.
CHECK_GROUPS: tuple[CheckGroup, ...] = (
    CheckGroup(
        "Pee, poo and private parts",
        (
            _ask("bladder_bowel", "You cannot control your bladder or bowel, or cannot pee.", EMERGENCY, BLADDER_BOWEL),
            _ask("bladder_feeling", "You do not feel yourself pee or poo, or you leak.", EMERGENCY, BLADDER_FEELING),
            _ask(
                "saddle_numbness", "Numb or tingling around your genitals, bottom or inner thighs.", EMERGENCY, SADDLE
            ),
            _ask(
                "sexual_change",
                "New loss of feeling in your genitals, or new trouble with sex.",
                EMERGENCY,
                SEXUAL_CHANGE,
            ),
        ),
    ),
    CheckGroup(
        "Your legs",
        (
            _ask("both_legs", "Both legs are weak, numb, tingling or painful.", EMERGENCY, BOTH_LEGS),
            _ask("legs_worsening", "A leg is getting weaker or more numb, fast.", EMERGENCY, LEGS_WORSENING),
            _ask("legs_giving_way", "Your legs give way, or you walk unsteadily.", EMERGENCY, LEGS_GIVING_WAY),
            _ask("one_leg_weakness", "One leg is very weak or numb.", TODAY, ONE_LEG),
        ),
    ),
    CheckGroup(
        "How it started",
        (
            _ask("serious_fall", "It started after a serious fall or accident.", EMERGENCY, SERIOUS_FALL),
            _ask("chest_pain", "You have chest pain too.", EMERGENCY, CHEST_PAIN),
            _ask(
                "sudden_tummy_pain",
                "Sudden, bad tummy or back pain that throbs, or you feel faint or dizzy.",
                EMERGENCY,
                SUDDEN_TUMMY,
            ),
            _ask(
                "thin_bones_fall",
                "A small fall or knock, and you have thin bones or take steroids.",
                TODAY,
                THIN_BONES_FALL,
            ),
        ),
    ),
    CheckGroup(
        "Fever and infection",
        (
            _ask("fever", "You have a high temperature, or feel hot and shivery.", TODAY, FEVER),
            _ask(
                "recent_infection", "You had an infection lately, such as a urine infection.", TODAY, RECENT_INFECTION
            ),
        ),
    ),
    CheckGroup(
        "The pain itself",
        (
            _ask("night_pain", "The pain never stops, or is worse at night or at rest.", TODAY, NIGHT_PAIN),
            _ask(
                "getting_worse",
                "The pain keeps getting worse, even with rest and painkillers.",
                TODAY,
                WORSE_DESPITE_REST,
            ),
            _ask("cough_pain", "It hurts more when you cough, sneeze or poo.", TODAY, COUGH_PAIN),
            _ask("between_shoulders", "The pain is high up, between your shoulder blades.", TODAY, BETWEEN_SHOULDERS),
            _ask("back_lump", "There is a lump or swelling, or your back has changed shape.", TODAY, BACK_LUMP),
        ),
    ),
    CheckGroup(
        "Your health",
        (
            _ask("weight_loss", "You have lost weight and do not know why.", TODAY, WEIGHT_LOSS),
            _ask("cancer", "You have had cancer.", TODAY, CANCER),
            _ask("weak_immunity", "You have a weak immune system, from chemo, steroids or HIV.", TODAY, WEAK_IMMUNITY),
            _ask("injected_drugs", "You inject drugs.", TODAY, INJECTED_DRUGS),
            _ask("age", "This back pain is new, and you are under 20 or over 50.", SOON, NEW_PAIN_AGE),
        ),
    ),
    CheckGroup(
        "How it is going",
        (
            _ask(
                "no_better",
                "It has been 3 days or more, and it is no better.",
                SOON,
                NO_BETTER_3_DAYS,
                FOUR_WEEKS,
            ),
            _ask("still_severe", "It is still very bad, even with rest and painkillers.", SOON, STILL_SEVERE),
            _ask(
                "keeps_coming_back", "Spasms keep coming back, or stop you doing daily things.", SOON, KEEPS_COMING_BACK
            ),
            _ask("coping", "You are worried, or finding it hard to cope.", SOON, COPING),
        ),
    ),
)

CHECK_QUESTIONS: tuple[CheckQuestion, ...] = tuple(q for group in CHECK_GROUPS for q in group.questions)

CHECK_BY_KEY: dict[str, CheckQuestion] = {q.key: q for q in CHECK_QUESTIONS}


# --- the check, screen by screen -------------------------------------------------


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
    _screen("now", "Tick any you have now:", (EMERGENCY,), titled=False),
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

# --- where the check lands -------------------------------------------------------

YOU_TICKED = "You ticked:"
NOT_SURE_MARK = "(not sure)"
# What to do, by urgency, said first on the landing screen.
DO_NOW: dict[str, Fact] = {
    EMERGENCY: Fact("Call now. Stay where you are. Do not try to move.", ("NHS",)),
    TODAY: Fact("Call your doctor or go to urgent care today.", ("NHS", "CKS")),
    SOON: Fact("Book to see a doctor or pharmacist in the next few days.", ("S1", "S4", "NHS")),
}
WORSE_FAST = Fact("If it gets much worse, or a new sign starts, call the emergency number.", ("NHS",))

WHAT_TO_SAY_TITLE = "What to say when they answer"

# A script to read out, not a clinical claim, so plain strings without sources.
WHAT_TO_SAY: tuple[str, ...] = (
    "Say: I have sudden, bad back pain.",
    "Name the warning sign you have.",
    "Give your full address and how to get in.",
    "Say if you can move, or unlock the door.",
)

DISCLAIMER = Fact(
    "This app cannot tell what is wrong. It only shows when to get help.",
    ("NHS", "CKS"),
)
