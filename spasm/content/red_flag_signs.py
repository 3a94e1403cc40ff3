"""The warning signs in the words a person would notice them, with their sources, grouped by urgency."""

from spasm.content import Fact

# Signs are written as a person would notice them, without medical names,
# because the reader is frightened and on the floor.

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

# Each group as the red-flag page lists it, most urgent first.
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

MATERNITY_SIGNS = (PREGNANT_BLEEDING, PREGNANT_TIGHTENING, PREGNANT_FEVER)

TODAY_SIGNS = (
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
)

SOON_SIGNS = (
    SEVERE_FEW_DAYS,
    NEW_PAIN_AGE,
    DAILY_LIFE,
    COPING,
    NOT_BETTER_WEEKS,
)
