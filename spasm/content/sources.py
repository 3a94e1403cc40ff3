"""Full citations for the source keys used throughout the content modules."""

SOURCES: dict[str, str] = {
    "NHS": (
        "NHS (nhs.uk): 'Back pain' condition page and 'Cauda equina syndrome' "
        "advice page."
    ),
    "NICE": (
        "NICE guideline NG59, 'Low back pain and sciatica in over 16s: assessment "
        "and management' (2016, updated 2020), and the NICE Clinical Knowledge "
        "Summary on low back pain, red-flag list."
    ),
    "ACP": (
        "Qaseem A, et al. Noninvasive treatments for acute, subacute, and chronic "
        "low back pain: a clinical practice guideline from the American College of "
        "Physicians. Ann Intern Med. 2017;166(7):514-530."
    ),
    "Cochrane": (
        "French SD, et al. Superficial heat or cold for low back pain. Cochrane "
        "Database Syst Rev. 2006;(1):CD004750. And Dahm KT, et al. Advice to rest "
        "in bed versus advice to stay active for acute low-back pain and sciatica. "
        "Cochrane Database Syst Rev. 2010."
    ),
    "PACE": (
        "Williams CM, et al. Efficacy of paracetamol for acute low-back pain: a "
        "double-blind, randomised controlled trial (PACE). Lancet. 2014."
    ),
    "Mayo": "Mayo Clinic: 'Back pain', section 'When to see a doctor'.",
    "Garra": (
        "Garra G, et al. Heat or cold packs for neck and back strain: a randomized "
        "controlled trial of efficacy. Acad Emerg Med. 2010;17(5):484-489."
    ),
    "S0": "Seed article 000: 'How to Stop Your Back From Spasming'.",
    "S1": (
        "Seed article 001: 'Find Relief for Back Spasms', HealthAfter50, "
        "University of California, Berkeley, School of Public Health."
    ),
    "S2": "Seed article 002: 'What Is A Back Spasm?'.",
    "S3": "Seed article 003: 'Rapid Relief Strategies for Back Spasms and Pain'.",
    "S4": (
        "Seed article 004: 'How to Stop Back Spasms Fast, According to Physical "
        "Therapists'. Its percentages and quoted experts have no named source and "
        "are not used."
    ),
    # Some practical how-to and skin-safety lines have no published source in
    # this list. Naming that openly lets a clinician find and review them.
    "Convention": (
        "Common first-aid practice or a practical instruction written for this "
        "app; no published source in this list. Flagged for clinician review."
    ),
}
