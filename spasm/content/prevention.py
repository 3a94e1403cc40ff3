"""Exercises and habits for after a spasm has eased.

Regular exercise with advice on looking after the back lowers the chance of
another bout for about a year (Steffens 2016); no habit here is a promise.
"""

from spasm.content import Exercise, Fact, Habit
from spasm.content.sources import TIP

# What the page is: exercise and habits, not a guarantee against the next one.
PAGE_TITLE = "Exercise and habits for your back"

# What the evidence says exercise does, and no more.
WHAT_EXERCISE_DOES = Fact(
    "Exercise, and knowing how to care for your back, make a return less likely. "
    "The effect lasts while you keep it up.",
    ("Steffens-2016", "NHS"),
)

NOT_DURING_SPASM = Fact(
    "These are for after the worst has passed. During a spasm, keep to gentle movement.",
    (TIP,),
)
STOP_IF_PAIN = Fact(
    "Go only as far as is comfortable. Stop if a move makes the pain worse.",
    ("NHS", "NHS-exercises"),
)

SAFETY: tuple[Fact, ...] = (WHAT_EXERCISE_DOES, NOT_DURING_SPASM, STOP_IF_PAIN)

# Counts with empty default_sources are gentle starting points, not from a
# source; the 6-a-side bird dog is Mayo Clinic's.
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
        reps=6,
        per_side=True,
        sources=("Mayo-bird-dog",),
        default_sources=("Mayo-bird-dog",),
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
        sources=(TIP,),
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
        sources=(TIP,),
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
        sources=(TIP,),
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
        sources=("CUH-mobility",),
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
        hold_seconds=None,
        reps=8,
        per_side=False,
        sources=(TIP,),
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
        hold_seconds=20,
        reps=None,
        per_side=False,
        sources=("NHS-exercises",),
    ),
)

EXERCISE_BY_SLUG: dict[str, Exercise] = {e.slug: e for e in EXERCISES}

HABITS: tuple[Habit, ...] = (
    Habit(
        "keep-active",
        "Keep active",
        Fact("Stay active most days: walking, swimming or exercise you enjoy.", ("NHS", "NHS-exercises")),
    ),
    Habit(
        "back-support",
        "Support your lower back",
        Fact("In chairs and the car, a small cushion can support your lower back.", ("NHS-posture",)),
    ),
    Habit(
        "side-sleeping",
        "Sleep on your side",
        Fact("Sleep on your side with a pillow between your knees.", ("Mayo-sleep", "healthdirect")),
    ),
    Habit(
        "lifting",
        "Lift close to your body",
        Fact(
            "Carry loads close to your body. Bend your knees and hips, not your back.",
            ("NHS",),
        ),
    ),
    Habit(
        "sitting-breaks",
        "Break up sitting",
        Fact("Do not sit for too long. Get up and move about often.", ("NHS",)),
    ),
)
