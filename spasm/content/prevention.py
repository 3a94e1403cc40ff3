"""Exercises and habits for after a spasm has eased, never during one."""

from spasm.content import Exercise, Fact, Habit

NOT_DURING_SPASM = Fact(
    "These are for after the spasm has eased. Do not do them during a spasm.",
    ("S1", "S0", "S3"),
)
STOP_IF_PAIN = Fact(
    "Move slowly. Stop if a move causes pain.",
    ("S3",),
)

SAFETY: tuple[Fact, ...] = (NOT_DURING_SPASM, STOP_IF_PAIN)

# Counts with empty default_sources are modest starting points of our own;
# only the 12-a-side bird dog and the 30-second stretches come from a seed.
EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        slug="bird-dog",
        name="Bird dog",
        group="Core",
        how=(
            "Start on your hands and knees.",
            "Reach one arm forward and the opposite leg back.",
            "Keep your back flat and your hips level.",
            "Come back slowly, then switch sides.",
        ),
        hold_seconds=None,
        reps=12,
        per_side=True,
        sources=("S0", "S4"),
        default_sources=("S4",),
    ),
    Exercise(
        slug="dead-bug",
        name="Dead bug",
        group="Core",
        how=(
            "Lie on your back with your arms pointing up.",
            "Lift your knees so they are over your hips.",
            "Slowly lower one leg toward the floor, then bring it back.",
            "Keep your lower back gently pressed to the floor.",
        ),
        hold_seconds=None,
        reps=8,
        per_side=True,
        sources=("S4",),
    ),
    Exercise(
        slug="wall-angels",
        name="Wall angels",
        group="Posture",
        how=(
            "Stand with your back and head against a wall.",
            "Raise your arms against the wall in a W shape.",
            "Slide them up slowly, then back down.",
            "Keep your shoulders back and down.",
        ),
        hold_seconds=None,
        reps=8,
        per_side=False,
        sources=("S3", "S4"),
    ),
    Exercise(
        slug="plank",
        name="Plank",
        group="Core",
        how=(
            "Rest on your forearms and toes, elbows under your shoulders.",
            "Keep a straight line from head to heels.",
            "Breathe normally. Rest on your knees if it is too hard.",
        ),
        hold_seconds=20,
        reps=None,
        per_side=False,
        sources=("S0", "S3"),
    ),
    Exercise(
        slug="glute-bridge",
        name="Glute bridge",
        group="Glutes",
        how=(
            "Lie on your back, knees bent, feet flat on the floor.",
            "Squeeze your buttocks and lift your hips.",
            "Stop when your shoulders, hips and knees form a line.",
            "Lower slowly back down.",
        ),
        hold_seconds=None,
        reps=10,
        per_side=False,
        sources=("S0", "S3"),
    ),
    Exercise(
        slug="cat-cow",
        name="Cat-cow",
        group="Mobility",
        how=(
            "Start on your hands and knees.",
            "Round your back up, tucking your chin toward your chest.",
            "Then let your belly sink and gently lift your head.",
            "Move slowly, in time with your breathing.",
        ),
        hold_seconds=30,
        reps=None,
        per_side=False,
        sources=("S3",),
        default_sources=("S3",),
    ),
    Exercise(
        slug="childs-pose",
        name="Child's pose",
        group="Mobility",
        how=(
            "Kneel, then sit back toward your heels.",
            "Reach your arms forward and rest your forehead down.",
            "Breathe slowly and let your back relax.",
        ),
        hold_seconds=30,
        reps=None,
        per_side=False,
        sources=("S3",),
        default_sources=("S3",),
    ),
)

EXERCISE_BY_SLUG: dict[str, Exercise] = {e.slug: e for e in EXERCISES}

HABITS: tuple[Habit, ...] = (
    Habit(
        "back-support",
        "Support your lower back",
        Fact("Put a small cushion behind your lower back in chairs and the car.", ("S0", "S4")),
    ),
    Habit(
        "side-sleeping",
        "Sleep on your side",
        Fact("Sleep on your side with a pillow between your knees.", ("S4", "S0")),
    ),
    Habit(
        "lifting",
        "Lift close to your body",
        Fact(
            "Carry loads close to your body. Lift with your knees and hips, not a rounded back.",
            ("S0", "S4"),
        ),
    ),
    Habit(
        "screen-height",
        "Screen at eye level",
        Fact("Set your screen at eye level so your head stays up.", ("S0", "S3")),
    ),
    Habit(
        "sitting-breaks",
        "Break up sitting",
        Fact("Get up from sitting often. Take a short walk every couple of hours.", ("S4", "S2")),
    ),
    Habit(
        "hydration",
        "Drink enough water",
        Fact("Drink enough water through the day.", ("S0", "S2", "S3")),
    ),
    Habit(
        "minerals",
        "Magnesium and potassium",
        Fact("Eat foods that contain magnesium and potassium, such as bananas or spinach.", ("S0", "S2", "S3")),
    ),
)
