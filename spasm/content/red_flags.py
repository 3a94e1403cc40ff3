"""Warning signs grouped by how fast to get help, and the in-flow safety check.

The groups follow the NHS and NICE red-flag lists. Signs are written as a
person would notice them, without medical names, because the reader is
frightened and on the floor. Every sign on the red-flag page is asked in the
check (``CheckQuestion.signs`` names the signs each question covers): a sign
that is never asked sends nobody for help.
"""

from dataclasses import dataclass

from spasm.content import CheckGroup, CheckQuestion, Fact, Urgency, keys_of
from spasm.content.sources import TIP

EMERGENCY = "emergency"
MATERNITY = "maternity"
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

# The early signs of pressed nerves at the base of the spine come first: the
# late ones (no control at all) are too late to wait for.
PEE_TROUBLE = Fact(
    "New trouble peeing: it is hard to start or stop. Or you cannot pee.",
    ("NHS", "NHS-CES", "RoyalFree"),
)
PEE_FEELING = Fact(
    "You cannot feel yourself pee or poo. Or you cannot tell if your bladder is full, or you leak.",
    ("NHS-CES", "RoyalFree", "CKS"),
)
LOST_CONTROL = Fact("You have lost control of your pee or poo.", ("NHS", "NHS-CES", "CKS"))
SADDLE = Fact(
    "Numbness or tingling around your genitals, bottom or inner thighs. Wiping may feel different.",
    ("NHS", "NHS-CES", "RoyalFree", "CKS"),
)
SEXUAL_CHANGE = Fact(
    "A new change in sex: less feeling in your genitals. Or new trouble with erections or coming.",
    ("NHS-CES", "RoyalFree"),
)
BOTH_LEGS = Fact(
    "Weakness, numbness, tingling or pain in both legs.",
    ("NHS", "NHS-CES", "CKS"),
)
LEGS_WORSENING = Fact(
    "Weakness or numbness in a leg that gets worse fast.",
    ("CKS", "Mayo"),
)
LEGS_GIVING_WAY = Fact(
    "Your legs give way, or your walking is unsteady.",
    ("CKS",),
)
CHEST_PAIN = Fact("Chest pain as well as back pain.", ("NHS",))
SERIOUS_FALL = Fact(
    "Back pain after a serious fall or accident. Do not try to move.",
    ("NHS", "CKS", "Torbay-falls"),
)
# A burst artery in the tummy: sudden, very bad pain AND feeling faint,
# clammy or passing out. Pain that throbs is not enough: most spasms do.
BURST_ARTERY = Fact(
    "Sudden, very bad pain in your tummy or lower back. And you feel faint, dizzy, sweaty or clammy, or you pass out.",
    ("NHS-AAA",),
)
# A torn artery in the chest: tearing pain high up, or with breathlessness.
TEARING_PAIN = Fact(
    "Sudden, very bad tearing or ripping pain in your chest or upper back. "
    "Or sudden back pain and you are short of breath.",
    ("HSE-dissection",),
)

PREGNANT_BLEEDING = Fact(
    "You are pregnant and bleeding from the vagina, or fluid is leaking.",
    ("UHB-midwife",),
)
PREGNANT_TIGHTENING = Fact(
    "You are pregnant, and your tummy tightens in regular waves. Or the pain comes in waves.",
    ("UHB-midwife",),
)
PREGNANT_FEVER = Fact(
    "You are pregnant and have a high temperature, or it hurts to pee.",
    ("UHB-midwife", "NHS-kidney"),
)

FEVER = Fact("A high temperature, or you feel hot and shivery.", ("NHS", "CKS"))
UNWELL = Fact("You feel very unwell, or have chills or sweats at night.", ("CKS", "Mayo"))
RECENT_SPINE_PROCEDURE = Fact(
    "You had a back operation or a spine injection in the last few weeks.",
    ("Yoon-2024", "CKS"),
)
RECENT_INFECTION = Fact("A recent infection, such as a urine infection.", ("CKS", "Mayo"))
KIDNEY = Fact(
    "Pain in your side, just under the ribs. And it hurts to pee, or there is blood in it.",
    ("NHS-kidney",),
)
ONE_LEG = Fact("Bad weakness or numbness down one leg.", ("Mayo", "CKS"))
FOOT_DROP = Fact(
    "Your toes catch or drag, or your foot slaps down when you walk.",
    ("NHS-foot-drop", "Mayo", "CKS"),
)
NIGHT_PAIN = Fact(
    "Pain at night that does not ease when you change position.",
    ("CKS", "NHS"),
)
WORSE_DESPITE_REST = Fact(
    "Pain that keeps getting worse, or does not ease at all when you rest.",
    ("NHS", "Mayo"),
)
PULSING_TUMMY = Fact("A pulsing feeling in your tummy, like a heartbeat.", ("NHS-AAA", "Mayo"))
COUGH_PAIN = Fact("Pain that is worse when you cough, sneeze or poo.", ("NHS",))
BETWEEN_SHOULDERS = Fact("Pain high up, between your shoulder blades.", ("NHS",))
BACK_LUMP = Fact("A lump or swelling on your back, or a change in its shape.", ("NHS", "CKS"))
WEIGHT_LOSS = Fact("Weight loss you cannot explain.", ("NHS", "CKS"))
CANCER = Fact("You have had cancer.", ("CKS", "Mayo"))
WEAK_IMMUNITY = Fact(
    "A weak immune system, for example from chemo, long-term steroids or HIV.",
    ("CKS",),
)
INJECTED_DRUGS = Fact("You inject drugs.", ("CKS",))
THIN_BONES_FALL = Fact(
    "A fall or small injury, and you have thin bones or take steroids long-term.",
    ("CKS",),
)

# When to see someone, by time. Said once here, in the words every message
# uses: "a few days" for a pharmacist or GP, "a few weeks" for a GP.
FEW_DAYS = "a few days"
FEW_WEEKS = "a few weeks"
SEVERE_FEW_DAYS = Fact(
    f"Still very bad after {FEW_DAYS} of care at home.",
    ("NHS", "Mayo"),
)
NEW_PAIN_AGE = Fact("Back pain that is new, and you are under 20 or over 50.", ("CKS",))
DAILY_LIFE = Fact("Back pain that stops you doing everyday things.", ("NHS",))
COPING = Fact("You are worried, or finding it hard to cope.", ("NHS",))
NOT_BETTER_WEEKS = Fact(f"Not better after {FEW_WEEKS} of care at home.", ("NHS", "Mayo", "CKS"))

EMERGENCY_SIGNS = (
    PEE_TROUBLE,
    PEE_FEELING,
    LOST_CONTROL,
    SADDLE,
    SEXUAL_CHANGE,
    BOTH_LEGS,
    LEGS_WORSENING,
    LEGS_GIVING_WAY,
    CHEST_PAIN,
    TEARING_PAIN,
    BURST_ARTERY,
    SERIOUS_FALL,
)

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
        signs=(PREGNANT_BLEEDING, PREGNANT_TIGHTENING, PREGNANT_FEVER),
    ),
    Urgency(
        key=TODAY,
        title="See a doctor today",
        lead="Call your doctor or go to urgent care today.",
        signs=(
            FEVER,
            UNWELL,
            RECENT_SPINE_PROCEDURE,
            RECENT_INFECTION,
            KIDNEY,
            ONE_LEG,
            FOOT_DROP,
            NIGHT_PAIN,
            WORSE_DESPITE_REST,
            PULSING_TUMMY,
            COUGH_PAIN,
            BETWEEN_SHOULDERS,
            BACK_LUMP,
            WEIGHT_LOSS,
            CANCER,
            WEAK_IMMUNITY,
            INJECTED_DRUGS,
            THIN_BONES_FALL,
        ),
    ),
    Urgency(
        key=SOON,
        title="See a doctor or pharmacist soon",
        lead="Book to see someone in the next few days.",
        signs=(
            SEVERE_FEW_DAYS,
            NEW_PAIN_AGE,
            DAILY_LIFE,
            COPING,
            NOT_BETTER_WEEKS,
        ),
    ),
)

URGENCY_BY_KEY: dict[str, Urgency] = {u.key: u for u in URGENCIES}

# Most urgent first: when several answers are "yes", the earliest key wins.
URGENCY_ORDER: tuple[str, ...] = tuple(u.key for u in URGENCIES)

# What a doctor does about tests. NICE NG59 1.1.4: do not routinely offer
# imaging, so the app never suggests a scan or an X-ray.
TESTS_LINE = Fact("A doctor will check whether you need any tests.", ("NICE",))

# --- the in-flow check ----------------------------------------------------------

# An instruction, not a claim about risk.
NOT_SURE_LINE = Fact("Not sure? Tick it and tap Not sure.", (TIP,))


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

# --- where the check lands -------------------------------------------------------

YOU_TICKED = "You ticked:"
NOT_SURE_MARK = "(not sure)"
# What to do, by urgency, said first on the landing screen. "Do not move" is
# said only where it applies: after a fall (the sign says so), not for the
# signs where going to A&E is as right as calling.
DO_NOW: dict[str, Fact] = {
    EMERGENCY: Fact("Call the emergency number now, or go to A&E. Do not drive yourself.", ("NHS", "NHS-kidney")),
    MATERNITY: Fact("Call your midwife or maternity unit now.", ("UHB-midwife",)),
    TODAY: Fact("Call your doctor or go to urgent care today.", ("NHS", "CKS")),
    SOON: Fact("Book to see a pharmacist or doctor in the next few days.", ("NHS", "Mayo")),
}
WORSE_FAST = Fact("If it gets much worse, or a new sign starts, call the emergency number.", ("NHS",))
# Said on the landing screen when the fall was ticked.
AFTER_A_FALL = Fact("After a serious fall, stay still. Do not try to move.", ("NHS", "Torbay-falls"))

WHAT_TO_SAY_TITLE = "What to say when they answer"

# A script to read out, not a clinical claim, so plain strings without
# sources. The sign comes first: it is what tells them how fast to come.
SAY_SIGN_FIRST = "First say the sign that made you call. For example: I cannot pee, or I am numb between my legs."
SAY_TICKED_FIRST = "First say what made you call:"
WHAT_TO_SAY: tuple[str, ...] = (
    "Then say you have bad back pain, and when it started.",
    "Give your full address and how to get in.",
    "If you can move safely, unlock the door. After a fall, stay still and tell them the door is locked.",
)

DISCLAIMER = Fact(
    "This app cannot tell what is wrong. A doctor or nurse can.",
    (TIP,),
)
