"""Heat and cold: what the evidence says and the skin rules for each timer.

The seeds' "cold for the first 48 hours, then heat" is sprain first aid, not
back-pain guidance, so it is deliberately absent. Heat has the better evidence
for a spasm; the person chooses what feels better.
"""

from spasm.content import Fact, Therapy

HEAT_HELPS = Fact(
    "Heat helps tight muscles relax and can ease a spasm.",
    ("NHS", "S1", "S3"),
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
    "Cold can numb the pain and reduce swelling.",
    ("NHS", "S0", "S3"),
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
    "Some people prefer cold in the first day or two after a strain.",
    ("S0", "S4"),
)

EVIDENCE: tuple[Fact, ...] = (HEAT_HELPS, HEAT_EVIDENCE, HEAT_WRAPS, COLD_EVIDENCE, CHOOSE, EARLY_COLD)

# Numb skin cannot feel a burn or frostbite coming, and broken skin is hurt
# more easily: a long-standing skin-safety rule, tagged for clinician review.
NUMB_SKIN = Fact("Do not use heat or cold on numb or broken skin.", ("Convention",))

COLD_RULES: tuple[Fact, ...] = (
    Fact("Wrap ice or a cold pack in a cloth. Never put it on bare skin.", ("NHS", "S1", "S3")),
    Fact("Use cold for 20 minutes at most.", ("S0", "S3")),
    Fact("Let your skin warm up again before the next go.", ("S0", "S3")),
    NUMB_SKIN,
)

# Only "not too hot" and the towel come from a source; falling asleep is a
# long-standing burn-safety convention, tagged so a clinician can review it.
HEAT_RULES: tuple[Fact, ...] = (
    Fact("Wrap a heat pack or hot-water bottle in a towel too.", ("NHS",)),
    Fact("Use a low or medium setting, never high.", ("S3", "Convention")),
    Fact("Never fall asleep on a heating pad.", ("Convention",)),
    NUMB_SKIN,
)

# Every rule once, for a page about both.
SKIN_RULES: tuple[Fact, ...] = tuple(dict.fromkeys(COLD_RULES + HEAT_RULES))

# The contrast timer touches the skin with both but has room for three lines:
# wrap both, never fall asleep on heat, neither on numb or broken skin.
KEY_RULES: tuple[Fact, ...] = (
    Fact("Wrap ice and heat packs in a cloth or towel.", ("NHS", "S1", "S3")),
    HEAT_RULES[2],
    NUMB_SKIN,
)

# The seed's contrast pattern; no guideline backs it, so it is only ever an option.
CONTRAST_COLD_MINUTES = 15
CONTRAST_HEAT_MINUTES = 10
CONTRAST_REPEAT_HOURS = 2

CONTRAST: tuple[Fact, ...] = (
    Fact("Some people swap: 15 minutes cold, then 10 minutes heat.", ("S4",)),
    Fact("They repeat it every 2 hours if it helps.", ("S4",)),
    Fact("This is optional. No guideline recommends it.", ("S4",)),
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
