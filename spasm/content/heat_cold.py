"""Heat and cold: what the evidence says and the skin rules for each timer.

"Cold for the first 48 hours, then heat" is sprain first aid, not back-pain
guidance, so it is deliberately absent. Heat has the better evidence
for a spasm; the person chooses what feels better.
"""

from spasm.content import Fact, Therapy
from spasm.content.sources import TIP

HEAT_HELPS = Fact(
    "Heat can ease stiff joints and muscle spasms.",
    ("NHS",),
)
HEAT_EVIDENCE = Fact(
    "Heat has the better evidence of the two. A US guideline (ACP) recommends it for new back pain.",
    ("ACP", "Cochrane-heat"),
)
HEAT_WRAPS = Fact(
    "In studies, heat wraps gave a small, short-term benefit.",
    ("Cochrane-heat",),
)

COLD_HELPS = Fact(
    "Cold can ease pain and swelling.",
    ("NHS",),
)
COLD_EVIDENCE = Fact(
    "The evidence for cold is weak. One hospital trial found heat and cold worked the same.",
    ("Cochrane-heat", "Garra"),
)

# The evidence on heat versus cold conflicts, so the person's own comfort decides.
CHOOSE = Fact(
    "Use whichever feels better to you.",
    ("Cochrane-heat", "Garra"),
)
# Said as a preference some people have, never as a rule to follow.
EARLY_COLD = Fact(
    "After a strain, some people prefer cold for the first day or two.",
    ("NHS-sprains",),
)

EVIDENCE: tuple[Fact, ...] = (HEAT_HELPS, HEAT_EVIDENCE, HEAT_WRAPS, COLD_EVIDENCE, CHOOSE, EARLY_COLD)

# Numb skin cannot feel a burn or frostbite coming, and broken skin is hurt
# more easily.
NUMB_SKIN = Fact("Do not use heat or cold on numb or broken skin.", ("healthdirect", "MPFT-heat"))
# Menthol and chilli (capsaicin) creams and patches can burn under heat.
NO_HEAT_OVER_CREAMS = Fact(
    "Do not put heat over a menthol or chilli (capsaicin) cream or patch. It can burn.",
    ("FDA-topicals", "GGC-capsaicin"),
)

COLD_RULES: tuple[Fact, ...] = (
    Fact("Wrap ice or a cold pack in a cloth. Never put it on bare skin.", ("NHS", "NHS-sprains")),
    Fact("Use cold for 20 minutes at most.", ("NHS-sprains",)),
    Fact("Wait 2 to 3 hours before the next go, so your skin recovers.", ("NHS-sprains",)),
    NUMB_SKIN,
)

HEAT_RULES: tuple[Fact, ...] = (
    Fact("Wrap a heat pack or hot-water bottle in a towel too.", ("NHS", "MPFT-heat")),
    Fact("Warm, not hot. Never use boiling water.", ("MPFT-heat",)),
    Fact("Never fall asleep with heat on.", ("MPFT-heat",)),
    NUMB_SKIN,
    NO_HEAT_OVER_CREAMS,
)

# Every rule once, for a page about both.
SKIN_RULES: tuple[Fact, ...] = tuple(dict.fromkeys(COLD_RULES + HEAT_RULES))

# The contrast timer touches the skin with both but has room for three lines:
# wrap both, never fall asleep on heat, neither on numb or broken skin.
KEY_RULES: tuple[Fact, ...] = (
    Fact("Wrap ice and heat packs in a cloth or towel.", ("NHS", "MPFT-heat")),
    HEAT_RULES[2],
    NUMB_SKIN,
)

# Swapping cold and heat: no guideline backs it, so it is only ever an
# option. Heat never goes straight onto skin that cold has just numbed: a rest
# with nothing on the skin comes between, as the timer runs it.
CONTRAST_COLD_MINUTES = 15
CONTRAST_REST_MINUTES = 10
CONTRAST_HEAT_MINUTES = 10

CONTRAST: tuple[Fact, ...] = (
    Fact(
        "Some people swap: 15 minutes cold, 10 minutes' rest, then 10 minutes heat. The rest lets your skin warm up.",
        (TIP,),
    ),
    Fact("Some people alternate heat and cold. It is an option, not a rule.", ("healthdirect",)),
    Fact("No guideline recommends it.", ("ACP", "NICE")),
)

THERAPIES: tuple[Therapy, ...] = (
    Therapy(
        kind="heat",
        name="Heat",
        lead="Warm, not hot. Heat has the better evidence.",
        facts=(HEAT_HELPS, HEAT_EVIDENCE, HEAT_WRAPS),
        safety=HEAT_RULES,
    ),
    Therapy(
        kind="cold",
        name="Cold",
        lead="Wrapped in a cloth, for 20 minutes at most.",
        facts=(COLD_HELPS, COLD_EVIDENCE, EARLY_COLD),
        safety=COLD_RULES,
    ),
    Therapy(
        kind="contrast",
        name="Swap cold and heat",
        lead="An option if you like both.",
        facts=CONTRAST,
        safety=SKIN_RULES,
    ),
)

THERAPY_BY_KIND: dict[str, Therapy] = {t.kind: t for t in THERAPIES}
