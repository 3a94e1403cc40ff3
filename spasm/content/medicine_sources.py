"""The sources behind the medicine advice: each medicine, and the creams put on the skin."""

from spasm.content import CURRENT, Reference

MEDICINE_SOURCES: tuple[Reference, ...] = (
    Reference(
        "NHS-ibuprofen",
        "NHS: ibuprofen",
        "Ibuprofen for adults",
        "NHS, nhs.uk",
        CURRENT,
        "https://www.nhs.uk/medicines/ibuprofen-for-adults/",
    ),
    Reference(
        "NHS-paracetamol",
        "NHS: paracetamol",
        "Paracetamol for adults",
        "NHS, nhs.uk",
        CURRENT,
        "https://www.nhs.uk/medicines/paracetamol-for-adults/",
    ),
    Reference(
        "NHS-naproxen",
        "NHS: naproxen",
        "Naproxen",
        "NHS, nhs.uk",
        CURRENT,
        "https://www.nhs.uk/medicines/naproxen/",
    ),
    Reference(
        "NHS-diclofenac",
        "NHS: diclofenac",
        "About diclofenac",
        "NHS, nhs.uk",
        CURRENT,
        "https://www.nhs.uk/medicines/diclofenac/about-diclofenac/",
    ),
    Reference(
        "NHS-aspirin",
        "NHS: low-dose aspirin",
        "Low-dose aspirin",
        "NHS, nhs.uk",
        CURRENT,
        "https://www.nhs.uk/medicines/low-dose-aspirin/",
    ),
    Reference(
        "NHS-codeine",
        "NHS: co-codamol",
        "Co-codamol for adults",
        "NHS, nhs.uk",
        CURRENT,
        "https://www.nhs.uk/medicines/co-codamol-for-adults/",
    ),
    Reference(
        "NHS-diazepam",
        "NHS: diazepam",
        "About diazepam",
        "NHS, nhs.uk",
        "Page reviewed 3 February 2022",
        "https://www.nhs.uk/medicines/diazepam/about-diazepam/",
    ),
    Reference(
        "FDA-topicals",
        "US FDA",
        "Rare cases of serious burns with the use of over-the-counter topical muscle and joint pain relievers",
        "US Food and Drug Administration, drug safety communication",
        "13 September 2012",
        "https://www.fda.gov/drugs/drug-safety-and-availability/fda-drug-safety-communication-rare-cases-serious-burns-use-over-counter-topical-muscle-and-joint-pain",
    ),
    Reference(
        "GGC-capsaicin",
        "NHS Glasgow: capsaicin",
        "Capsaicin cream for the treatment of pain",
        "NHS Greater Glasgow and Clyde, Pain Management Service",
        CURRENT,
        "https://www.nhsggc.scot/downloads/capsaicin-cream-for-the-treatment-of-pain/",
    ),
)
