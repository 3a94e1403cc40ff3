"""Over-the-counter pain relief: facts only, never a personal dose."""

from spasm.content import Fact, Section

# The one dosing line the app may give; every other dose question goes here.
LABEL_LINE = Fact(
    "Follow the label, or ask a pharmacist what suits you.",
    ("NHS", "NICE"),
)

NSAIDS: tuple[Fact, ...] = (
    Fact(
        "Anti-inflammatories such as ibuprofen or naproxen ease pain and swelling.",
        ("S0", "S1"),
    ),
    Fact(
        "UK guidance suggests trying these first, if they are safe for you.",
        ("NICE",),
    ),
    Fact("Take the lowest dose that works, for the shortest time.", ("NICE",)),
    Fact("Never take two of these medicines together.", ("NICE",)),
)

WHO_SHOULD_AVOID_INTRO = "Ask a pharmacist before taking them if any of these apply:"

WHO_SHOULD_AVOID_NSAIDS: tuple[Fact, ...] = (
    Fact("Kidney problems", ("S1", "NHS")),
    Fact("Liver problems", ("NHS",)),
    Fact("Stomach problems, such as an ulcer or bleeding", ("S1", "NHS")),
    Fact("Heart failure or heart disease", ("S1", "NHS")),
    Fact("A past stroke", ("NHS",)),
    Fact("High blood pressure", ("S1", "NHS")),
    Fact("Asthma", ("S1", "NHS")),
    Fact("Crohn's disease or ulcerative colitis", ("S1", "NHS")),
    Fact("You are pregnant", ("NHS",)),
    Fact("You are over 65", ("NHS",)),
    Fact("A bad reaction to aspirin or an anti-inflammatory before", ("NHS",)),
)

NSAIDS_NOT_FOR_EVERYONE = Fact(
    "They are not safe for everyone. Check the list first.",
    ("S1", "NHS"),
)

# The seeds offer paracetamol as an option; current guidelines do not, and the
# guideline view is the one the app states.
PARACETAMOL: tuple[Fact, ...] = (
    Fact("Paracetamol is also called acetaminophen.", ("S0", "S2")),
    Fact("UK guidance says not to use it on its own for back pain.", ("NICE",)),
    Fact("A US guideline no longer recommends it for new back pain.", ("ACP",)),
    Fact("In a large trial, it worked no better than a dummy pill.", ("PACE",)),
)

TOPICALS: tuple[Fact, ...] = (
    Fact("Menthol creams feel cool and can take your mind off the pain.", ("S0",)),
    Fact("Capsaicin cream comes from chilli peppers. It can dull pain nerves in the skin.", ("S0",)),
    Fact(
        "Diclofenac gel is an anti-inflammatory you rub on. Less reaches the blood than with tablets.",
        ("S0",),
    ),
)

MUSCLE_RELAXANTS: tuple[Fact, ...] = (
    Fact("Muscle relaxants need a prescription from a doctor.", ("S1", "S3")),
    Fact("They can make you drowsy. Do not drive if they do.", ("S1", "S3")),
)

SECTIONS: tuple[Section, ...] = (
    Section("Anti-inflammatories", NSAIDS),
    Section(WHO_SHOULD_AVOID_INTRO, WHO_SHOULD_AVOID_NSAIDS),
    Section("Paracetamol", PARACETAMOL),
    Section("Creams and gels", TOPICALS),
    Section("Muscle relaxants", MUSCLE_RELAXANTS),
)
