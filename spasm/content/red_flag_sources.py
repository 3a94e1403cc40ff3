"""The sources behind the warning signs: spinal nerves, arteries, infections, foot drop, pregnancy."""

from spasm.content import CURRENT, Reference

RED_FLAG_SOURCES: tuple[Reference, ...] = (
    Reference(
        "NHS-CES",
        "NHS: spinal nerves",
        "Cauda equina syndrome",
        "NHS, nhs.uk",
        CURRENT,
        "https://www.nhs.uk/conditions/cauda-equina-syndrome/",
    ),
    Reference(
        "RoyalFree",
        "Royal Free Hospital",
        "Cauda equina syndrome (patient leaflet: the warning signs, bladder and bowel signs included)",
        "Royal Free London NHS Foundation Trust",
        CURRENT,
        "https://www.royalfree.nhs.uk/patients-and-visitors/patient-information-leaflets/cauda-equina-syndrome",
    ),
    Reference(
        "NHS-AAA",
        "NHS: burst artery",
        "Abdominal aortic aneurysm",
        "NHS, nhs.uk",
        CURRENT,
        "https://www.nhs.uk/conditions/abdominal-aortic-aneurysm/",
    ),
    Reference(
        "HSE-dissection",
        "HSE Ireland: torn artery",
        "Symptoms: aortic dissection (content supplied by the NHS, adapted for Ireland)",
        "Health Service Executive (HSE), Ireland, hse.ie",
        "Page reviewed 17 February 2022",
        "https://www2.hse.ie/conditions/aortic-dissection/symptoms-of-aortic-dissection/",
    ),
    Reference(
        "NHS-kidney",
        "NHS: kidney infection",
        "Kidney infection",
        "NHS, nhs.uk",
        CURRENT,
        "https://www.nhs.uk/conditions/kidney-infection/",
    ),
    Reference(
        "NHS-foot-drop",
        "NHS: foot drop",
        "Foot drop",
        "NHS, nhs.uk",
        CURRENT,
        "https://www.nhs.uk/conditions/foot-drop/",
    ),
    Reference(
        "Yoon-2024",
        "Spine injection infections review",
        "Yoon JY, Choi YJ. Diagnosis and management of infections related to spinal pain interventions",
        "Anesthesia and Pain Medicine 2024;19(4):294-301",
        "2024",
        "https://doi.org/10.17085/apm.24140",
    ),
    Reference(
        "UHB-midwife",
        "Birmingham maternity unit",
        "When to call the midwife",
        "University Hospitals Birmingham NHS Foundation Trust",
        "Page reviewed 28 December 2022",
        "https://www.uhb.nhs.uk/services/maternity/when-to-call-the-midwife.htm",
    ),
)
