"""The full reference behind every source key the content cites.

Each key names one document, so a clinician who sees a key next to a piece
of advice can find exactly what backs it. /sources lists them all.
"""

from spasm.content import Reference

_SEED = "A seed article given to the project; no address or date"

REFERENCES: tuple[Reference, ...] = (
    Reference(
        "NHS",
        "Back pain",
        "NHS (National Health Service, England), nhs.uk",
        "Web page, current version",
        "https://www.nhs.uk/conditions/back-pain/",
    ),
    Reference(
        "NHS-CES",
        "Cauda equina syndrome",
        "NHS, nhs.uk",
        "Web page, current version",
        "https://www.nhs.uk/conditions/cauda-equina-syndrome/",
    ),
    Reference(
        "NHS-AAA",
        "Abdominal aortic aneurysm",
        "NHS, nhs.uk",
        "Web page, current version",
        "https://www.nhs.uk/conditions/abdominal-aortic-aneurysm/",
    ),
    Reference(
        "NHS-ibuprofen",
        "Ibuprofen for adults",
        "NHS, nhs.uk",
        "Web page, current version",
        "https://www.nhs.uk/medicines/ibuprofen-for-adults/",
    ),
    Reference(
        "NHS-naproxen",
        "Naproxen",
        "NHS, nhs.uk",
        "Web page, current version",
        "https://www.nhs.uk/medicines/naproxen/",
    ),
    Reference(
        "NICE",
        "Low back pain and sciatica in over 16s: assessment and management (NG59)",
        "National Institute for Health and Care Excellence (NICE)",
        "2016, updated 2020",
        "https://www.nice.org.uk/guidance/ng59",
    ),
    Reference(
        "CKS",
        "Back pain - low (without radiculopathy): red flags",
        "NICE Clinical Knowledge Summaries (CKS)",
        "Web page, current version",
        "https://cks.nice.org.uk/topics/back-pain-low-without-radiculopathy/",
    ),
    Reference(
        "ACP",
        "Qaseem A, et al. Noninvasive treatments for acute, subacute, and chronic low back pain: "
        "a clinical practice guideline from the American College of Physicians",
        "Annals of Internal Medicine 2017;166(7):514-530",
        "2017",
        "https://doi.org/10.7326/M16-2367",
    ),
    Reference(
        "Cochrane-heat",
        "French SD, et al. Superficial heat or cold for low back pain",
        "Cochrane Database of Systematic Reviews, CD004750",
        "2006",
        "https://doi.org/10.1002/14651858.CD004750.pub2",
    ),
    Reference(
        "Cochrane-rest",
        "Dahm KT, et al. Advice to rest in bed versus advice to stay active for acute low-back pain and sciatica",
        "Cochrane Database of Systematic Reviews, CD007612",
        "2010",
        "https://doi.org/10.1002/14651858.CD007612.pub2",
    ),
    Reference(
        "PACE",
        "Williams CM, et al. Efficacy of paracetamol for acute low-back pain: a double-blind, "
        "randomised controlled trial (PACE)",
        "The Lancet 2014;384(9954):1586-1596",
        "2014",
        "https://doi.org/10.1016/S0140-6736(14)60805-9",
    ),
    Reference(
        "Garra",
        "Garra G, et al. Heat or cold packs for neck and back strain: a randomized controlled trial of efficacy",
        "Academic Emergency Medicine 2010;17(5):484-489",
        "2010",
        "https://doi.org/10.1111/j.1553-2712.2010.00735.x",
    ),
    Reference(
        "Mayo",
        "Back pain: symptoms and causes, section 'When to see a doctor'",
        "Mayo Clinic, mayoclinic.org",
        "Web page, current version",
        "https://www.mayoclinic.org/diseases-conditions/back-pain/symptoms-causes/syc-20369906",
    ),
    Reference("S0", "How to Stop Your Back From Spasming", _SEED, "No date", None),
    Reference(
        "S1",
        "Find Relief for Back Spasms",
        "HealthAfter50, University of California, Berkeley, School of Public Health",
        "No date",
        None,
        note="Its advice on what to do after two weeks is not used: it conflicts with NICE NG59.",
    ),
    Reference("S2", "What Is A Back Spasm?", _SEED, "No date", None),
    Reference("S3", "Rapid Relief Strategies for Back Spasms and Pain", _SEED, "No date", None),
    Reference(
        "S4",
        "How to Stop Back Spasms Fast, According to Physical Therapists",
        _SEED,
        "No date",
        None,
        note="Its percentages and quoted experts have no named source and are not used.",
    ),
    # Some practical how-to and skin-safety lines have no published source in
    # this list. Naming that openly lets a clinician find and review them.
    Reference(
        "Convention",
        "Common first-aid practice, or a practical step written for this app",
        "No published source in this list; flagged for a clinician to review",
        "-",
        None,
    ),
)

REFERENCE_BY_KEY: dict[str, Reference] = {r.key: r for r in REFERENCES}


def citation(reference: Reference) -> str:
    """The reference as one line of text."""
    parts = [reference.title, reference.publisher, reference.year]
    if reference.url:
        parts.append(reference.url)
    return ". ".join(parts) + "."


SOURCES: dict[str, str] = {r.key: citation(r) for r in REFERENCES}
