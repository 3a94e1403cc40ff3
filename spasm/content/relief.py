"""Cards of the relief flow, in the order a person on the floor meets them."""

from spasm.content import LEAD, Choice, Fact, Step, heat_cold, medicines

# Shared with the red-flag "soon" group; kept as one Fact so both stay in step.
NO_BETTER_3_DAYS = Fact(
    "If it is no better after about 3 days, see a doctor or pharmacist.",
    ("S1", "S4"),
)

# Said on the first card, before any advice to move: after a serious fall, or
# with signs that the nerves at the base of the spine are pressed, moving can
# do harm (NHS back pain and cauda equina pages).
DO_NOT_MOVE = Fact(
    "Had a serious fall? Numb between your legs, or cannot pee? Do not move. Call for help now.",
    ("NHS", "NHS-CES"),
)

# The position card shows a drawing and only a few short lines; the full
# facts of the position step below stay the reviewed source for them.
POSITION_LINES: tuple[Fact, ...] = (
    Fact("Stop what you are doing. The least painful position is right.", ("S1",)),
    Fact("Lie on your back, calves resting on a chair seat or sofa.", ("S0",)),
    Fact("Your hips and knees bend at a right angle.", ("S0",)),
)
SIDE_LYING = Fact(
    "Or lie on your side with a pillow between your knees. Bend your hips a little.",
    ("S0",),
)
GET_DOWN_SAFELY = Fact(
    "Kneel on hands and knees. Lower onto one side, then roll onto your back. "
    "Turn shoulders and hips together, like a log.",
    ("Convention",),
)
COMFORT_NOT_TREATMENT = Fact("These positions are for comfort, not a treatment.", ("S0",))

# The pacer's 4-7-8 rhythm, in seconds, and the same steps in words for
# people who turn motion off or have no JavaScript.
BREATH_PHASES: tuple[tuple[str, int], ...] = (("Breathe in", 4), ("Hold", 7), ("Breathe out", 8))
BREATH_STEPS: tuple[Fact, ...] = (
    Fact("Breathe in gently for 4 seconds.", ("S4",)),
    Fact("Hold your breath for 7 seconds.", ("S4",)),
    Fact("Breathe out slowly for 8 seconds.", ("S4",)),
    Fact("Repeat for as long as it helps.", ("S4",)),
)

# The movement rhythm, shown on the move card and said when it is read aloud.
MOVE_OFTEN = Fact("About every 30 minutes, change position or take a short walk.", ("S0", "S1"))

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
        facts=(
            Fact(
                "Stop what you are doing. The least painful position is the right one. Sitting may feel worse for now.",
                ("S1",),
            ),
            # Log-rolling is standard practical advice but no source here names it.
            Fact(
                "If you can, get onto your hands and knees. Lower onto one side, "
                "then roll onto your back. Turn shoulders and hips together, like a log.",
                ("Convention",),
            ),
            Fact(
                "Lie on your back with your calves on a chair seat or sofa. "
                "Your hips and knees bend at a right angle. "
                "This flattens your lower back and eases the tension.",
                ("S0",),
            ),
            Fact(
                "Or lie on your side with a pillow between your knees. Bend your hips a little.",
                ("S0",),
            ),
            # No guideline names these positions, so they must not be called a treatment.
            Fact("These positions are for comfort, not a treatment.", ("S0",)),
        ),
        # Read aloud in full: the warning comes before any advice to move, then
        # the drawing's words and the side-lying choice behind a tap on screen.
        spoken=(POSITION_LINES[0], DO_NOT_MOVE, *POSITION_LINES[1:], SIDE_LYING),
    ),
    Step(
        slug="onset",
        title="When did this start?",
        lead="Pick the closest answer. It helps say when to get help.",
        facts=(
            Fact("Most back spasms ease with self-care at home.", ("NHS", "S1")),
            NO_BETTER_3_DAYS,
            Fact("If it lasts more than two weeks, see a doctor.", ("NHS", "Mayo")),
        ),
    ),
    Step(
        slug="safety-check",
        title="Quick safety check",
        lead="Tap Yes or Not sure for any that apply. If none do, carry on.",
        facts=(
            Fact("Most back spasms get better with care at home.", ("NHS", "S1")),
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
            Fact("Stress and fear can make your muscles tighter.", ("S3", "S4")),
            Fact("4-7-8: breathe in for 4, hold for 7, breathe out for 8.", ("S4",)),
            Fact("Box: breathe in for 4, hold 4, out for 4, hold 4.", ("S3",)),
            Fact("Slow breathing is for comfort, not a treatment.", ("S3", "S4")),
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
                "Avoid bed rest for more than a day or two. Staying active helps.",
                ("S0", "S1", "NHS", "Cochrane-rest"),
            ),
            MOVE_OFTEN,
            Fact(
                "Stretch gently, only as far as is comfortable. Hold about 5 seconds and breathe slowly.",
                ("S1",),
            ),
            Fact(
                "Save exercise for later. Strengthening comes after the spasm eases.",
                ("S1", "S0", "S2", "S3"),
            ),
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
        facts=(
            NO_BETTER_3_DAYS,
            Fact(
                "If your pain keeps getting worse, see a doctor today.",
                ("S0", "NHS"),
            ),
        ),
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

PAIN_QUESTION = "How bad is the pain now, from 0 to 10?"
PAIN_MIN = 0
PAIN_MAX = 10
PAIN_SCALE_LABELS: dict[int, str] = {0: "No pain", 10: "Worst pain"}

TREND_QUESTION = "Compared with before, is it:"

TREND_CHOICES: tuple[Choice, ...] = (
    Choice("better", "Better"),
    Choice("same", "About the same"),
    Choice("worse", "Worse"),
)
