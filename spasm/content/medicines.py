"""Over-the-counter pain relief: facts only, never a personal dose.

Who must not take an anti-inflammatory painkiller is kept apart from who
should ask first: a person in pain needs to see the hard stops at once.
"""

from spasm.content import Fact, Section

# The one dosing line the app may give; every other dose question goes here.
LABEL_LINE = Fact(
    "Follow the label, or ask a pharmacist what suits you.",
    ("NHS-ibuprofen", "NICE"),
)

NSAIDS: tuple[Fact, ...] = (
    Fact(
        "Anti-inflammatory painkillers, such as ibuprofen, ease pain and swelling.",
        ("S0", "S1", "NHS-ibuprofen"),
    ),
    Fact(
        "UK guidance suggests trying these first, if they are safe for you.",
        ("NICE",),
    ),
    Fact("Take the lowest dose that works, for the shortest time.", ("NICE",)),
    Fact(
        "Never take two of these at once. Aspirin counts as one.",
        ("NHS-ibuprofen",),
    ),
    Fact(
        "Many cold and flu remedies contain one. Check the label.",
        ("NHS-ibuprofen",),
    ),
)

NAPROXEN = Fact(
    "Naproxen is one too. In the UK you need a prescription for it for back pain.",
    ("NHS-naproxen",),
)

DO_NOT_TAKE_TITLE = "Do not take them if:"

DO_NOT_TAKE: tuple[Fact, ...] = (
    Fact("You ever reacted badly to aspirin, ibuprofen or a similar painkiller", ("NHS-ibuprofen",)),
    Fact("You have a stomach ulcer now, or have had bleeding from your stomach", ("NHS-ibuprofen", "S1")),
    Fact("You are pregnant, unless a doctor says so", ("NHS-ibuprofen",)),
)

ASK_FIRST_TITLE = "Ask a pharmacist or doctor first if:"

ASK_FIRST: tuple[Fact, ...] = (
    Fact("You have asthma", ("NHS-ibuprofen", "S1")),
    Fact("You have heart failure or heart disease, or had a stroke", ("NHS-ibuprofen", "S1")),
    Fact("You have high blood pressure", ("NHS-ibuprofen", "S1")),
    Fact("You have kidney or liver problems", ("NHS-ibuprofen", "S1")),
    Fact(
        "You have Crohn's disease or ulcerative colitis (long-term bowel swelling)",
        ("NHS-ibuprofen", "S1"),
    ),
    Fact("You have lupus, an illness where the body attacks itself", ("NHS-ibuprofen",)),
    Fact("You have chickenpox or shingles", ("NHS-ibuprofen",)),
    Fact("You are 65 or over", ("NHS-ibuprofen",)),
    Fact("You are trying for a baby, or breastfeeding", ("NHS-ibuprofen",)),
    Fact("You take a blood thinner, such as warfarin", ("NHS-ibuprofen",)),
    Fact("You take steroid tablets", ("NHS-ibuprofen",)),
    Fact("You take an antidepressant of the SSRI kind, such as sertraline", ("NHS-ibuprofen",)),
    Fact("You take medicine for high blood pressure", ("NHS-ibuprofen",)),
    Fact("You take methotrexate or lithium", ("NHS-ibuprofen",)),
)

NSAIDS_NOT_FOR_EVERYONE = Fact(
    "They are not safe for everyone. Check the lists first.",
    ("NHS-ibuprofen", "S1"),
)

# The seeds offer paracetamol as an option; current guidelines do not, and the
# guideline view is the one the app states.
PARACETAMOL: tuple[Fact, ...] = (
    Fact("Paracetamol is also called acetaminophen.", ("S0", "S2")),
    Fact("UK guidance says not to use it on its own for back pain.", ("NICE",)),
    Fact("A US guideline no longer advises it for new back pain.", ("ACP",)),
    Fact("In a large trial, it worked no better than a dummy pill.", ("PACE",)),
)

TOPICALS: tuple[Fact, ...] = (
    Fact("Menthol creams feel cool and can take your mind off the pain.", ("S0",)),
    Fact("Capsaicin cream comes from chilli peppers. It can dull pain nerves in the skin.", ("S0",)),
    Fact(
        "Diclofenac gel is an anti-inflammatory painkiller you rub on.",
        ("S0", "NHS-ibuprofen"),
    ),
    Fact(
        "Less of it reaches your blood than with tablets. The same do-not-take list applies.",
        ("S0", "NHS-ibuprofen"),
    ),
)

MUSCLE_RELAXANTS: tuple[Fact, ...] = (
    Fact("Muscle relaxants need a prescription from a doctor.", ("S1", "S3")),
    Fact("They can make you drowsy. Do not drive if they do.", ("S1", "S3")),
)

SECTIONS: tuple[Section, ...] = (
    Section("Anti-inflammatory painkillers", (*NSAIDS, NAPROXEN)),
    Section(DO_NOT_TAKE_TITLE, DO_NOT_TAKE),
    Section(ASK_FIRST_TITLE, ASK_FIRST),
    Section("Paracetamol", PARACETAMOL),
    Section("Creams and gels", TOPICALS),
    Section("Muscle relaxants", MUSCLE_RELAXANTS),
)
