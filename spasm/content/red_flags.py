"""Warning signs grouped by how fast to get help, and the in-flow yes/no check.

The groups follow the NHS and NICE red-flag lists. Signs are written as a
person would notice them, without medical names, because the reader is
frightened and on the floor.
"""

from spasm.content import CheckQuestion, Fact, Urgency

EMERGENCY = "emergency"
TODAY = "today"
SOON = "soon"

# Label for the tel: button; the page fills in the chosen region's number.
CALL_LABEL = "Call {number}"

URGENCIES: tuple[Urgency, ...] = (
    Urgency(
        key=EMERGENCY,
        title="Call the emergency number now",
        lead="Any one of these means call now.",
        signs=(
            Fact(
                "You cannot control your bladder or bowel. Or peeing has suddenly become hard.",
                ("NHS", "NICE", "S0", "S2", "S3", "S4"),
            ),
            Fact(
                "Numbness around your genitals, buttocks or inner thighs. Wiping may feel different.",
                ("NHS", "NICE"),
            ),
            Fact(
                "Weakness, numbness or tingling in both legs, or leg symptoms worsening fast.",
                ("NHS", "NICE"),
            ),
            Fact("Chest pain as well as back pain.", ("NHS", "NICE")),
            Fact("Back pain after a serious fall or accident.", ("NHS", "NICE")),
        ),
        sources=("NHS", "NICE"),
    ),
    Urgency(
        key=TODAY,
        title="See a doctor today",
        lead="Call your doctor or go to urgent care today.",
        signs=(
            Fact("A fever or chills with your back pain.", ("S0", "NHS", "NICE")),
            Fact("Severe weakness or numbness down one leg.", ("S0", "S1")),
            Fact("Pain that never lets up, or is worse at night or at rest.", ("S0", "S4")),
            Fact("Pain that keeps getting worse despite rest and medicine.", ("S0", "S4")),
            Fact(
                "Weight loss you cannot explain, or you have had cancer.",
                ("NHS", "NICE", "Mayo"),
            ),
            Fact("A weak immune system, or you inject drugs.", ("NHS", "NICE")),
            Fact(
                "A fall or small injury, if you have thin bones or take long-term steroids.",
                ("NICE",),
            ),
        ),
        sources=("NHS", "NICE", "Mayo", "S0"),
    ),
    Urgency(
        key=SOON,
        title="See a doctor or pharmacist soon",
        lead="Book to see someone in the next few days.",
        signs=(
            Fact("No better after about 3 days of self-care.", ("S1", "S4")),
            Fact("Still severe despite rest and medicine.", ("S1",)),
            Fact("Spasms that keep coming back or get in the way of daily life.", ("S2",)),
            Fact("Pain for more than two weeks. A doctor may suggest a scan.", ("S1",)),
            Fact("Not better after 4 weeks.", ("Mayo",)),
        ),
        sources=("S1", "S4", "Mayo"),
    ),
)

URGENCY_BY_KEY: dict[str, Urgency] = {u.key: u for u in URGENCIES}

# Most urgent first: when several answers are "yes", the earliest key wins.
URGENCY_ORDER: tuple[str, ...] = tuple(u.key for u in URGENCIES)

CHECK_INTRO = "Tick any that apply. If none do, carry on."

CHECK_QUESTIONS: tuple[CheckQuestion, ...] = (
    CheckQuestion(
        "bladder_bowel",
        "Have you lost control of your bladder or bowel, or struggled to pee?",
        EMERGENCY,
        ("NHS", "NICE", "S0", "S2", "S3", "S4"),
    ),
    CheckQuestion(
        "saddle_numbness",
        "Is it numb around your genitals, buttocks or inner thighs?",
        EMERGENCY,
        ("NHS", "NICE"),
    ),
    CheckQuestion(
        "both_legs",
        "Are both legs weak, numb or tingling?",
        EMERGENCY,
        ("NHS", "NICE"),
    ),
    CheckQuestion(
        "chest_pain",
        "Do you have chest pain as well?",
        EMERGENCY,
        ("NHS", "NICE"),
    ),
    CheckQuestion(
        "serious_fall",
        "Did this start after a serious fall or accident?",
        EMERGENCY,
        ("NHS", "NICE"),
    ),
    CheckQuestion(
        "fever",
        "Do you have a fever or chills?",
        TODAY,
        ("S0", "NHS", "NICE"),
    ),
    CheckQuestion(
        "one_leg_weakness",
        "Is one leg very weak or numb?",
        TODAY,
        ("S0", "S1"),
    ),
    CheckQuestion(
        "night_pain",
        "Is the pain worse at night or when you rest?",
        TODAY,
        ("S0", "S4"),
    ),
)

CHECK_BY_KEY: dict[str, CheckQuestion] = {q.key: q for q in CHECK_QUESTIONS}

WHAT_TO_SAY_TITLE = "What to say when they answer"

# A script to read out, not a clinical claim, so plain strings without sources.
WHAT_TO_SAY: tuple[str, ...] = (
    "Say: I have sudden, severe back pain.",
    "Name the warning sign you have.",
    "Give your full address and how to get in.",
    "Say if you can move, or unlock the door.",
)

DISCLAIMER = Fact(
    "This app cannot tell what is wrong. It only shows when to get help.",
    ("NHS", "NICE"),
)
