"""Every source the content cites, written out so a reader can look it up.

Each key names one document. A card shows the source's short ``name`` as a
link to its entry on /sources, which gives the publisher, the date and the
address, and lists the cards that cite it. Dates are the publication year,
or "Web page, current version" for pages their publisher keeps up to date.

``TIP`` is not a source: it marks a practical step that no guideline states
(how to get down to the floor, which breaths to count). The content test
keeps it off any sentence that says what helps, harms or means danger.

The sources of the warning signs and of the medicines are kept in their own
modules; ``REFERENCES`` keeps them in the order /sources lists them.
"""

from spasm.content import CURRENT, Reference
from spasm.content.medicine_sources import MEDICINE_SOURCES
from spasm.content.red_flag_sources import RED_FLAG_SOURCES

TIP = "tip"

REFERENCES: tuple[Reference, ...] = (
    Reference(
        "NHS",
        "NHS",
        "Back pain",
        "NHS (National Health Service, England), nhs.uk",
        CURRENT,
        "https://www.nhs.uk/conditions/back-pain/",
    ),
    *RED_FLAG_SOURCES,
    Reference(
        "Tommys-sleep",
        "Tommy's: sleep in pregnancy",
        "Sleep position in pregnancy",
        "Tommy's, the pregnancy charity, tommys.org",
        CURRENT,
        "https://www.tommys.org/pregnancy-information/im-pregnant/sleep-position-pregnancy",
    ),
    *MEDICINE_SOURCES,
    Reference(
        "NHS-sprains",
        "NHS: sprains",
        "Sprains and strains",
        "NHS, nhs.uk",
        CURRENT,
        "https://www.nhs.uk/conditions/sprains-and-strains/",
    ),
    Reference(
        "MPFT-heat",
        "NHS Midlands: heat",
        "Safe use of heat treatment",
        "Midlands Partnership University NHS Foundation Trust, musculoskeletal service",
        CURRENT,
        "https://www.mpft.nhs.uk/services/msk/self-help/general-advice/safe-use-heat-treatment",
    ),
    Reference(
        "healthdirect",
        "healthdirect",
        "Back pain self-care",
        "healthdirect Australia (government-funded health advice), healthdirect.gov.au",
        CURRENT,
        "https://www.healthdirect.gov.au/back-pain-self-care",
    ),
    Reference(
        "Mayo-sleep",
        "Mayo Clinic: sleeping positions",
        "Sleeping positions that reduce back pain",
        "Mayo Clinic, mayoclinic.org",
        CURRENT,
        "https://www.mayoclinic.org/diseases-conditions/back-pain/in-depth/sleeping-positions/art-20546852",
    ),
    Reference(
        "Torbay-falls",
        "Torbay NHS: after a fall",
        "What to do if a fall occurs",
        "Torbay and South Devon NHS Foundation Trust",
        CURRENT,
        "https://www.torbayandsouthdevon.nhs.uk/services/falls-fracture-prevention-bone-health/what-to-do-if-a-fall-occurs/",
    ),
    Reference(
        "GSTT-physio",
        "Guy's and St Thomas' NHS",
        "Low back pain: physiotherapy and exercises",
        "Guy's and St Thomas' NHS Foundation Trust",
        CURRENT,
        "https://www.guysandstthomas.nhs.uk/health-information/low-back-pain/physiotherapy-and-exercises",
    ),
    Reference(
        "NHS-breathing",
        "NHS: breathing",
        "Breathing exercises for stress",
        "NHS, nhs.uk (Every Mind Matters)",
        CURRENT,
        "https://www.nhs.uk/mental-health/self-help/guides-tools-and-activities/breathing-exercises-for-stress/",
    ),
    Reference(
        "NHS-exercises",
        "NHS: back exercises",
        "Lower back pain exercises",
        "NHS, nhs.uk",
        CURRENT,
        "https://www.nhs.uk/live-well/exercise/lower-back-pain-exercises/",
    ),
    Reference(
        "NHS-posture",
        "NHS: posture",
        "Common posture mistakes and fixes",
        "NHS, nhs.uk",
        CURRENT,
        "https://www.nhs.uk/live-well/exercise/common-posture-mistakes-and-fixes/",
    ),
    Reference(
        "CUH-mobility",
        "Cambridge University Hospitals",
        "Back mobility exercises",
        "Cambridge University Hospitals NHS Foundation Trust",
        CURRENT,
        "https://www.cuh.nhs.uk/patient-information/back-mobility-exercises/",
    ),
    Reference(
        "Mayo-bird-dog",
        "Mayo Clinic: bird dog",
        "Build core strength as you balance in bird dog",
        "Mayo Clinic, mayoclinic.org (physical therapists' video)",
        CURRENT,
        "https://www.mayoclinic.org/connected-care/build-core-strength-as-you-balance-in-bird-dog/vid-20307388",
    ),
    Reference(
        "Steffens-2016",
        "Prevention review, JAMA 2016",
        "Steffens D, et al. Prevention of low back pain: a systematic review and meta-analysis",
        "JAMA Internal Medicine 2016;176(2):199-208",
        "2016",
        "https://doi.org/10.1001/jamainternmed.2015.7431",
    ),
    Reference(
        "NICE",
        "NICE",
        "Low back pain and sciatica in over 16s: assessment and management (NG59)",
        "National Institute for Health and Care Excellence (NICE)",
        "2016, updated 2020",
        "https://www.nice.org.uk/guidance/ng59",
    ),
    Reference(
        "CKS",
        "NICE CKS",
        "Back pain - low (without radiculopathy): red flags",
        "NICE Clinical Knowledge Summaries (CKS)",
        CURRENT,
        "https://cks.nice.org.uk/topics/back-pain-low-without-radiculopathy/",
    ),
    Reference(
        "ACP",
        "ACP",
        "Qaseem A, et al. Noninvasive treatments for acute, subacute, and chronic low back pain: "
        "a clinical practice guideline from the American College of Physicians",
        "Annals of Internal Medicine 2017;166(7):514-530",
        "2017",
        "https://doi.org/10.7326/M16-2367",
    ),
    Reference(
        "Cochrane-heat",
        "Cochrane: heat or cold",
        "French SD, et al. Superficial heat or cold for low back pain",
        "Cochrane Database of Systematic Reviews, CD004750",
        "2006",
        "https://doi.org/10.1002/14651858.CD004750.pub2",
    ),
    Reference(
        "Cochrane-rest",
        "Cochrane: staying active",
        "Dahm KT, et al. Advice to rest in bed versus advice to stay active for acute low-back pain and sciatica",
        "Cochrane Database of Systematic Reviews, CD007612",
        "2010",
        "https://doi.org/10.1002/14651858.CD007612.pub2",
    ),
    Reference(
        "PACE",
        "PACE trial",
        "Williams CM, et al. Efficacy of paracetamol for acute low-back pain: a double-blind, "
        "randomised controlled trial (PACE)",
        "The Lancet 2014;384(9954):1586-1596",
        "2014",
        "https://doi.org/10.1016/S0140-6736(14)60805-9",
    ),
    Reference(
        "Garra",
        "Heat or cold trial, 2010",
        "Garra G, et al. Heat or cold packs for neck and back strain: a randomized controlled trial of efficacy",
        "Academic Emergency Medicine 2010;17(5):484-489",
        "2010",
        "https://doi.org/10.1111/j.1553-2712.2010.00735.x",
    ),
    Reference(
        "Mayo",
        "Mayo Clinic",
        "When to see a doctor for back pain",
        "Mayo Clinic, mayoclinic.org",
        CURRENT,
        "https://www.mayoclinic.org/connected-care/when-to-see-a-doctor-for-back-pain/cpt-20470965",
    ),
    Reference(
        TIP,
        "Practical tip",
        "Practical tip, not from a guideline. A common-sense step that no guideline in this list states, "
        "such as how to get down to the floor. It never says what helps or harms. "
        "A physiotherapist or doctor is the right person to check these with.",
        "-",
        "-",
        None,
    ),
)

REFERENCE_BY_KEY: dict[str, Reference] = {r.key: r for r in REFERENCES}
