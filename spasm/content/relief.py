"""Cards of the relief flow, in the order a person on the floor meets them."""

from spasm.content import LEAD, Choice, Fact, Step, heat_cold, medicines
from spasm.content.sources import TIP
from spasm.content.timing import FEW_WEEKS, SEE_A_DOCTOR, SEE_SOMEONE_SOON

# Said on the first card, before any advice to move: with signs that the
# nerves at the base of the spine are pressed, call now; after a serious fall,
# do not move (NHS back pain and cauda equina pages).
DO_NOT_MOVE = Fact(
    "Trouble peeing, or numb between your legs? Call now. After a bad fall, do not move.",
    ("NHS", "NHS-CES"),
)

# The position card shows a drawing and only a few short lines. No guideline
# names the 90/90 position, so its lines are practical tips, never a claim.
POSITION_LINES: tuple[Fact, ...] = (
    Fact("Stop what you are doing. Find the position that hurts least.", (TIP,)),
    Fact("Lie on your back, calves resting on a chair seat or sofa.", (TIP,)),
    Fact("Your hips and knees bend at a right angle.", (TIP,)),
)
SIDE_LYING = Fact(
    "Or lie on your side with a pillow between your knees. Bend your hips a little.",
    ("Mayo-sleep", "healthdirect"),
)
# Lying on the back late in pregnancy is what the side-lying choice avoids.
SIDE_SUMMARY = "Or lie on your side. Pregnant? Use this one."
PREGNANT_SIDE = Fact(
    "After about 28 weeks of pregnancy, lie on your side, not on your back.",
    ("Tommys-sleep",),
)
GET_DOWN_SAFELY = Fact(
    "A bed or sofa is fine too. To get down, kneel on hands and knees. Lower onto one side, "
    "then roll onto your back. Turn shoulders and hips together, like a log.",
    (TIP,),
)
GET_UP_AGAIN = Fact(
    "To get up, roll onto your side, then onto your hands and knees. Crawl to a sturdy chair. "
    "Put one foot flat, push up and sit. Rest before you stand.",
    ("Torbay-falls",),
)
STAY_DOWN = Fact(
    "If getting up hurts too much, stay down and call for help.",
    ("Torbay-falls",),
)
COMFORT_NOT_TREATMENT = Fact(
    "These positions are for comfort, not a treatment.",
    ("Mayo-sleep", "healthdirect"),
)
# What the position card shows behind a tap, below the drawing's lines.
POSITION_MORE: tuple[Fact, ...] = (
    SIDE_LYING,
    PREGNANT_SIDE,
    GET_DOWN_SAFELY,
    GET_UP_AGAIN,
    STAY_DOWN,
    COMFORT_NOT_TREATMENT,
)

# The pacer's rhythm in words (static/js/breathe.js runs it): slow breaths
# in and out with no hold, as the NHS breathing exercise for stress has it.
# For people who turn motion off or have no JavaScript, and for read-aloud.
BREATH_STEPS: tuple[Fact, ...] = (
    Fact("Breathe in gently through your nose for 5 seconds.", ("NHS-breathing",)),
    Fact("Breathe out slowly through your mouth for 5 seconds.", ("NHS-breathing",)),
    Fact("Do not hold your breath. Keep going for 3 to 5 minutes.", ("NHS-breathing",)),
)

# The movement rhythm, shown on the move card and said when it is read aloud.
MOVE_OFTEN = Fact("Change position often, and take short walks when you can.", ("NHS", "healthdirect"))

# Said first on the move card, as the NHS and NICE put it first: what to
# expect, and that moving is safe.
REASSURANCE: tuple[Fact, ...] = (
    Fact("Back pain is very common. It is rarely a sign of anything serious.", ("NHS",)),
    Fact(f"It usually gets better within {FEW_WEEKS}.", ("NHS", "NICE")),
    Fact("Hurt does not mean harm. Gentle movement is safe.", ("GSTT-physio",)),
    Fact("Scans are rarely needed to treat it.", ("NICE",)),
)

STEP_SLUGS: tuple[str, ...] = (
    "position",
    "onset",
    "safety-check",
    "heat-cold",
    "breathe",
    "move",
    "medicines",
    "check-in",
)

STEPS: tuple[Step, ...] = (
    Step(
        slug="position",
        title="Stop and get down safely",
        lead="Stay in whatever position hurts least.",
        facts=(*POSITION_LINES, SIDE_LYING, PREGNANT_SIDE),
        # Read aloud in full: the warning comes before any advice to move, then
        # the drawing's words and the side-lying choice behind a tap on screen.
        spoken=(POSITION_LINES[0], DO_NOT_MOVE, *POSITION_LINES[1:], SIDE_LYING),
    ),
    Step(
        slug="onset",
        title="When did this start?",
        lead="Pick the closest answer. It helps say when to get help.",
        facts=(
            Fact(f"Most back pain gets better within {FEW_WEEKS}.", ("NHS",)),
            SEE_SOMEONE_SOON,
            SEE_A_DOCTOR,
        ),
    ),
    Step(
        slug="safety-check",
        title="Quick safety check",
        lead="Tap Yes or Not sure for any that apply. If none do, carry on.",
        facts=(
            Fact("Most back pain is not serious.", ("NHS",)),
            Fact("A few signs need help fast. This check looks for them.", ("NHS", "CKS")),
        ),
    ),
    Step(
        slug="heat-cold",
        title="Heat or cold",
        lead="You can use either. Heat has the better evidence.",
        # What heat does comes first: it has the better evidence for a spasm.
        facts=(
            heat_cold.HEAT_HELPS,
            heat_cold.HEAT_EVIDENCE,
            heat_cold.COLD_HELPS,
            heat_cold.CHOOSE,
            heat_cold.EARLY_COLD,
        ),
        spoken=(LEAD, heat_cold.CHOOSE),
    ),
    Step(
        slug="breathe",
        title="Slow your breathing",
        lead="Follow the pacer. Breathe slowly and gently.",
        facts=(
            Fact("Worry can make your muscles tighter.", ("healthdirect",)),
            Fact("Slow breathing can help you relax.", ("NHS-breathing",)),
            Fact("If you feel dizzy, breathe normally for a while.", (TIP,)),
        ),
        # The pacer cannot be seen from the floor: its rhythm in words instead.
        spoken=BREATH_STEPS,
    ),
    Step(
        slug="move",
        title="Keep gently moving",
        lead="Small, gentle movements, little and often.",
        facts=(
            Fact(
                "Avoid long bed rest. Staying active helps you get better.",
                ("NHS", "NICE", "Cochrane-rest"),
            ),
            MOVE_OFTEN,
            Fact(
                "Gentle stretches can help. Go only as far as is comfortable. Stop if the pain gets worse.",
                ("NHS", "NHS-exercises"),
            ),
            Fact("Save harder exercise, like core work, until the worst has passed.", (TIP,)),
        ),
        spoken=(LEAD, MOVE_OFTEN),
    ),
    Step(
        slug="medicines",
        title="Pain relief facts",
        lead="Facts only. Follow the label or ask a pharmacist.",
        facts=(
            medicines.NSAIDS[0],
            medicines.NSAIDS[2],
            medicines.NSAIDS_NOT_FOR_EVERYONE,
            medicines.LABEL_LINE,
        ),
    ),
    Step(
        slug="check-in",
        title="How is the pain now?",
        lead="Tap a number. 0 is no pain, 10 is the worst.",
        facts=(SEE_SOMEONE_SOON, SEE_A_DOCTOR),
    ),
)

STEP_BY_SLUG: dict[str, Step] = {s.slug: s for s in STEPS}

ONSET_QUESTION = "When did this start?"

ONSET_CHOICES: tuple[Choice, ...] = (
    Choice("just_now", "Just now"),
    Choice("earlier_today", "Earlier today"),
    Choice("yesterday", "Yesterday"),
    Choice("days_ago", "2 to 6 days ago"),
    Choice("about_week", "About a week ago"),
    Choice("two_weeks", "Two weeks or more"),
    Choice("month", "A month or more"),
    Choice("pick_time", "Pick a time"),
)

PAIN_MIN = 0
PAIN_MAX = 10
PAIN_SCALE_LABELS: dict[int, str] = {0: "No pain", 10: "Worst pain"}

TREND_CHOICES: tuple[Choice, ...] = (
    Choice("better", "Better"),
    Choice("same", "About the same"),
    Choice("worse", "Worse"),
)
