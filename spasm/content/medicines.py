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

# NICE NG59 is for people 16 and over; aspirin is never for children.
ADULTS_ONLY = Fact(
    "These facts are for adults. Never give aspirin to anyone under 16.",
    ("NICE", "NHS-aspirin"),
)

NSAIDS: tuple[Fact, ...] = (
    Fact(
        "Anti-inflammatory painkillers, such as ibuprofen, ease pain and swelling.",
        ("NHS", "NHS-ibuprofen"),
    ),
    Fact(
        "UK guidance suggests trying these first, if they are safe for you.",
        ("NICE", "NHS"),
    ),
    Fact("Take the lowest dose that works, for the shortest time.", ("NICE",)),
    Fact(
        "Never take two of these at once. Aspirin counts as one.",
        ("NHS-ibuprofen",),
    ),
    Fact(
        "Take low-dose aspirin for your heart? Do not stop it. Ask a pharmacist first.",
        ("NHS-aspirin",),
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
    Fact("You are pregnant, unless a doctor says so", ("NHS-ibuprofen",)),
)

ASK_FIRST_TITLE = "Ask a pharmacist or doctor first if:"

ASK_FIRST: tuple[Fact, ...] = (
    Fact("You have a stomach ulcer, or have had bleeding from your stomach", ("NHS-ibuprofen",)),
    Fact("You have asthma", ("NHS-ibuprofen",)),
    Fact("You have heart failure or heart disease, or had a stroke", ("NHS-ibuprofen",)),
    Fact("You have high blood pressure", ("NHS-ibuprofen",)),
    Fact("You have kidney or liver problems", ("NHS-ibuprofen",)),
    Fact(
        "You have Crohn's disease or ulcerative colitis (long-term bowel swelling)",
        ("NHS-ibuprofen",),
    ),
    Fact("You have chickenpox", ("NHS-ibuprofen",)),
    Fact("You are 65 or over", ("NHS-ibuprofen",)),
    Fact("You are trying for a baby", ("NHS-ibuprofen",)),
    # The NHS page names warfarin; the others thin the blood the same way.
    Fact(
        "You take a blood thinner, such as warfarin, apixaban, rivaroxaban, edoxaban or clopidogrel",
        ("NHS-ibuprofen",),
    ),
    Fact("You take steroid tablets", ("NHS-ibuprofen",)),
    Fact("You take antidepressants, such as citalopram or fluoxetine", ("NHS-ibuprofen",)),
    Fact("You take medicine for high blood pressure", ("NHS-ibuprofen",)),
    Fact("You take methotrexate or lithium", ("NHS-ibuprofen",)),
)

NSAIDS_NOT_FOR_EVERYONE = Fact(
    "They are not safe for everyone. Check the lists first.",
    ("NHS-ibuprofen",),
)

PREGNANCY: tuple[Fact, ...] = (
    Fact("Pregnant? Paracetamol is the usual painkiller to take.", ("NHS-paracetamol", "NHS-ibuprofen")),
    Fact("Do not take anti-inflammatory painkillers unless a doctor says so.", ("NHS-ibuprofen",)),
)

# Guidelines do not advise paracetamol on its own for back pain; the NHS says
# it may be taken with an anti-inflammatory. The guideline view is stated.
PARACETAMOL: tuple[Fact, ...] = (
    Fact("Paracetamol is also called acetaminophen.", ("NHS-paracetamol",)),
    Fact("On its own, it does not help back pain much.", ("NICE", "PACE")),
    Fact(
        "Adults can take it with ibuprofen, if ibuprofen is safe for them.",
        ("NHS", "NHS-paracetamol"),
    ),
    Fact("A US guideline no longer advises it for new back pain.", ("ACP",)),
)

CODEINE: tuple[Fact, ...] = (
    Fact(
        "Codeine is for when anti-inflammatories are not safe for you or have not worked.",
        ("NICE",),
    ),
    Fact(
        "Bought without a prescription, take it for 3 days at most. Codeine can be addictive.",
        ("NHS-codeine", "NHS"),
    ),
)

TOPICALS: tuple[Fact, ...] = (
    Fact(
        "Diclofenac gel is an anti-inflammatory painkiller you rub on.",
        ("NHS-diclofenac",),
    ),
    Fact(
        "Less of it reaches your blood than with tablets. The same do-not-take list applies.",
        ("NHS-diclofenac",),
    ),
    Fact(
        "Capsaicin cream comes from chilli peppers. Wash your hands after you use it.",
        ("GGC-capsaicin",),
    ),
    Fact(
        "Do not put heat over a menthol or chilli cream or patch. It can burn.",
        ("FDA-topicals", "GGC-capsaicin"),
    ),
)

MUSCLE_RELAXANTS: tuple[Fact, ...] = (
    Fact(
        "In the UK and the US, muscle relaxants, such as diazepam, need a prescription.",
        ("NHS-diazepam", "ACP"),
    ),
    Fact("They can make you drowsy. Do not drive if they do.", ("NHS", "NHS-diazepam")),
    Fact("Do not drink alcohol while you take them.", ("NHS-diazepam",)),
)

SECTIONS: tuple[Section, ...] = (
    Section("Anti-inflammatory painkillers", (*NSAIDS, NAPROXEN)),
    Section(DO_NOT_TAKE_TITLE, DO_NOT_TAKE),
    Section(ASK_FIRST_TITLE, ASK_FIRST),
    Section("Pregnant?", PREGNANCY),
    Section("Paracetamol", PARACETAMOL),
    Section("Codeine", CODEINE),
    Section("Creams and gels", TOPICALS),
    Section("Muscle relaxants", MUSCLE_RELAXANTS),
)

# Every fact the medicines card shows, for its line of sources.
CITED: tuple[Fact, ...] = tuple(dict.fromkeys((ADULTS_ONLY, LABEL_LINE, *(f for s in SECTIONS for f in s.facts))))
