"""Warning signs grouped by how fast to get help, and the in-flow safety
check's questions that ask them.

The groups follow the NHS and NICE red-flag lists. Every sign on the
red-flag page is asked in the check (``CheckQuestion.signs`` names the signs
each question covers): a sign that is never asked sends nobody for help. The
signs' own words are in ``red_flag_signs``, the check's screens in
``check_screens``, and what to do once it finds a sign in ``getting_help``.
"""

from spasm.content import CheckGroup, CheckQuestion, Fact, Urgency, keys_of
from spasm.content.red_flag_signs import (
    BACK_LUMP,
    BETWEEN_SHOULDERS,
    BOTH_LEGS,
    BURST_ARTERY,
    CANCER,
    CHEST_PAIN,
    COPING,
    COUGH_PAIN,
    DAILY_LIFE,
    EMERGENCY_SIGNS,
    FEVER,
    FEW_DAYS,
    FEW_WEEKS,
    FOOT_DROP,
    INJECTED_DRUGS,
    KIDNEY,
    LEGS_GIVING_WAY,
    LEGS_WORSENING,
    LOST_CONTROL,
    MATERNITY_SIGNS,
    NEW_PAIN_AGE,
    NIGHT_PAIN,
    NOT_BETTER_WEEKS,
    ONE_LEG,
    PEE_FEELING,
    PEE_TROUBLE,
    PREGNANT_BLEEDING,
    PREGNANT_FEVER,
    PREGNANT_TIGHTENING,
    PULSING_TUMMY,
    RECENT_INFECTION,
    RECENT_SPINE_PROCEDURE,
    SADDLE,
    SERIOUS_FALL,
    SEVERE_FEW_DAYS,
    SEXUAL_CHANGE,
    SOON_SIGNS,
    TEARING_PAIN,
    THIN_BONES_FALL,
    TODAY_SIGNS,
    UNWELL,
    WEAK_IMMUNITY,
    WEIGHT_LOSS,
    WORSE_DESPITE_REST,
)

EMERGENCY = "emergency"
MATERNITY = "maternity"
TODAY = "today"
SOON = "soon"

# The answers to each check question. "Not sure" counts as "yes": with these
# signs it is safer to ask for help and be told it was not needed.
YES = "yes"
NOT_SURE = "unsure"
NO = "no"
ANSWERS: tuple[tuple[str, str], ...] = ((YES, "Yes"), (NOT_SURE, "Not sure"), (NO, "No"))
COUNTS_AS_YES = frozenset({YES, NOT_SURE})

URGENCIES: tuple[Urgency, ...] = (
    Urgency(
        key=EMERGENCY,
        title="Call the emergency number now",
        lead="Any one of these means call now. Or go to A&E, the emergency department.",
        signs=EMERGENCY_SIGNS,
    ),
    Urgency(
        key=MATERNITY,
        title="Pregnant? Call your maternity unit now",
        lead="Call your midwife or maternity unit now, day or night. "
        "If you are bleeding a lot, call the emergency number.",
        signs=MATERNITY_SIGNS,
    ),
    Urgency(
        key=TODAY,
        title="See a doctor today",
        lead="Call your doctor or go to urgent care today.",
        signs=TODAY_SIGNS,
    ),
    Urgency(
        key=SOON,
        title="See a doctor or pharmacist soon",
        lead="Book to see someone in the next few days.",
        signs=SOON_SIGNS,
    ),
)

URGENCY_BY_KEY: dict[str, Urgency] = {u.key: u for u in URGENCIES}

# Most urgent first: when several answers are "yes", the earliest key wins.
URGENCY_ORDER: tuple[str, ...] = tuple(u.key for u in URGENCIES)

# What a doctor does about tests. NICE NG59 1.1.4: do not routinely offer
# imaging, so the app never suggests a scan or an X-ray.
TESTS_LINE = Fact("A doctor will check whether you need any tests.", ("NICE",))

# --- the in-flow check ----------------------------------------------------------


def _ask(key: str, label: str, urgency: str, *signs: Fact) -> CheckQuestion:
    return CheckQuestion(key, label, urgency, keys_of(signs), signs)


# Grouped by what the person notices, most urgent groups first, so a person in
# pain can skip a whole group at a glance. Question keys are stored with the
# answers: a reworded question keeps its key when it asks the same thing.
CHECK_GROUPS: tuple[CheckGroup, ...] = (
    CheckGroup(
        "Pee, poo and private parts",
        (
            _ask(
                "bladder_bowel",
                "New trouble peeing: hard to start or stop, or you cannot pee. Or you lost control of pee or poo.",
                EMERGENCY,
                PEE_TROUBLE,
                LOST_CONTROL,
            ),
            _ask(
                "bladder_feeling",
                "You cannot feel yourself pee or poo, or tell if your bladder is full. Or you leak.",
                EMERGENCY,
                PEE_FEELING,
            ),
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
            _ask(
                "one_leg_weakness",
                "One leg is very weak or numb. Or your toes catch, or your foot slaps, when you walk.",
                TODAY,
                ONE_LEG,
                FOOT_DROP,
            ),
        ),
    ),
    CheckGroup(
        "How it started",
        (
            _ask("serious_fall", "It started after a serious fall or accident.", EMERGENCY, SERIOUS_FALL),
            _ask("chest_pain", "You have chest pain too.", EMERGENCY, CHEST_PAIN),
            _ask(
                "tearing_pain",
                "Sudden tearing pain in your chest or upper back. Or the pain came with breathlessness.",
                EMERGENCY,
                TEARING_PAIN,
            ),
            _ask(
                "sudden_tummy_pain",
                "Sudden, very bad tummy or back pain, and you feel faint, sweaty or clammy.",
                EMERGENCY,
                BURST_ARTERY,
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
        "Pregnancy",
        (
            _ask(
                "pregnancy_bleeding",
                "You are pregnant, and bleeding from the vagina or leaking fluid.",
                MATERNITY,
                PREGNANT_BLEEDING,
            ),
            _ask(
                "pregnancy_labour_or_fever",
                "You are pregnant, with regular tightening, a fever, or pain when you pee.",
                MATERNITY,
                PREGNANT_TIGHTENING,
                PREGNANT_FEVER,
            ),
        ),
    ),
    CheckGroup(
        "Fever and infection",
        (
            _ask("fever", "You have a high temperature, or feel hot and shivery.", TODAY, FEVER),
            _ask("unwell", "You feel very unwell, or have chills or sweats at night.", TODAY, UNWELL),
            _ask(
                "spine_procedure",
                "You had a back operation or a spine injection in the last few weeks.",
                TODAY,
                RECENT_SPINE_PROCEDURE,
            ),
            _ask(
                "recent_infection", "You had an infection lately, such as a urine infection.", TODAY, RECENT_INFECTION
            ),
            _ask(
                "kidney_pain",
                "Pain in your side under the ribs. And it hurts to pee, or there is blood.",
                TODAY,
                KIDNEY,
            ),
        ),
    ),
    CheckGroup(
        "The pain itself",
        (
            _ask("night_pain", "At night, changing position does not ease the pain.", TODAY, NIGHT_PAIN),
            _ask(
                "getting_worse",
                "The pain keeps getting worse, or resting does not ease it at all.",
                TODAY,
                WORSE_DESPITE_REST,
            ),
            _ask("pulsing_tummy", "You feel a pulsing in your tummy, like a heartbeat.", TODAY, PULSING_TUMMY),
            _ask("cough_pain", "It hurts more when you cough, sneeze or poo.", TODAY, COUGH_PAIN),
            _ask("between_shoulders", "The pain is high up, between your shoulder blades.", TODAY, BETWEEN_SHOULDERS),
        ),
    ),
    CheckGroup(
        "Your health",
        (
            _ask("weight_loss", "You have lost weight and do not know why.", TODAY, WEIGHT_LOSS),
            _ask("cancer", "You have had cancer.", TODAY, CANCER),
            _ask("weak_immunity", "You have a weak immune system, from chemo, steroids or HIV.", TODAY, WEAK_IMMUNITY),
            _ask("injected_drugs", "You inject drugs.", TODAY, INJECTED_DRUGS),
            _ask("back_lump", "There is a lump or swelling, or your back has changed shape.", TODAY, BACK_LUMP),
        ),
    ),
    CheckGroup(
        "How it is going",
        (
            _ask("still_severe", f"It is still very bad after {FEW_DAYS} of care at home.", SOON, SEVERE_FEW_DAYS),
            _ask("no_better", f"It has been {FEW_WEEKS} or more, and it is no better.", SOON, NOT_BETTER_WEEKS),
            _ask("keeps_coming_back", "The pain stops you doing everyday things.", SOON, DAILY_LIFE),
            _ask("coping", "You are worried, or finding it hard to cope.", SOON, COPING),
            _ask("age", "This back pain is new, and you are under 20 or over 50.", SOON, NEW_PAIN_AGE),
        ),
    ),
)

CHECK_QUESTIONS: tuple[CheckQuestion, ...] = tuple(q for group in CHECK_GROUPS for q in group.questions)

CHECK_BY_KEY: dict[str, CheckQuestion] = {q.key: q for q in CHECK_QUESTIONS}
