"""The clinical content: every claim sourced, plain, and free of the seeds' errors."""

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from spasm.content import Fact, advice, heat_cold, medicines, prevention, red_flags, regions, relief
from spasm.content.sources import SOURCES

CONTENT_DIR = Path(relief.__file__).resolve().parent
SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"

TEXT_MODULES = (relief, heat_cold, medicines, red_flags, regions, advice, prevention)

# Fields that hold identifiers or numbers for code, not words for people.
NON_TEXT_FIELDS = {"key", "slug", "kind", "urgency", "sources", "default_sources", "emergency", "non_emergency"}


def _walk(value, facts, texts):
    if isinstance(value, Fact):
        facts.append(value)
        texts.append(value.text)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            if field.name not in NON_TEXT_FIELDS:
                _walk(getattr(value, field.name), facts, texts)
    elif isinstance(value, str):
        texts.append(value)
    elif isinstance(value, (tuple, list)):
        for item in value:
            _walk(item, facts, texts)
    elif isinstance(value, dict):
        for item in value.values():
            _walk(item, facts, texts)


def _collect(module):
    facts, texts = [], []
    for name, value in vars(module).items():
        # Docstrings and imported modules are not shown to the person.
        if name.startswith("_") or isinstance(value, type(re)):
            continue
        _walk(value, facts, texts)
    return facts, texts


def _all_texts():
    return [text for module in TEXT_MODULES for text in _collect(module)[1]]


def _sentences(text):
    return [s for s in re.split(r"[.!?]+(?:\s+|$)", text) if s.strip()]


def _words(text):
    return re.findall(r"[\w'’-]+", text)


# --- the Fact type -----------------------------------------------------------


@pytest.mark.parametrize("sources", [(), ["NHS"], ("",)])
def test_fact_refuses_missing_or_malformed_sources(sources):
    with pytest.raises(ValueError):
        Fact("Heat can help.", sources)


def test_fact_refuses_empty_text():
    with pytest.raises(ValueError):
        Fact("  ", ("NHS",))


# --- sources -----------------------------------------------------------------


@pytest.mark.parametrize("module", TEXT_MODULES, ids=lambda m: m.__name__)
def test_every_fact_is_sourced_from_a_known_key(module):
    facts, _ = _collect(module)
    if module is not regions:
        assert facts, "a content module with no facts means the walker lost them"
    for fact in facts:
        assert fact.sources, fact.text
        unknown = set(fact.sources) - SOURCES.keys()
        assert not unknown, f"{fact.text!r} cites unknown {unknown}"


def test_sourced_records_cite_known_keys():
    records = [
        *((q.key, q.sources) for q in red_flags.CHECK_QUESTIONS),
        *((u.key, u.sources) for u in red_flags.URGENCIES),
        *((e.slug, e.sources) for e in prevention.EXERCISES),
    ]
    for key, sources in records:
        assert sources, key
        assert set(sources) <= SOURCES.keys(), key
    for exercise in prevention.EXERCISES:
        assert set(exercise.default_sources) <= SOURCES.keys(), exercise.slug


@pytest.mark.parametrize("module", [red_flags, medicines, advice], ids=lambda m: m.__name__)
def test_clinical_claims_never_rest_on_convention(module):
    facts, _ = _collect(module)
    for fact in facts:
        assert "Convention" not in fact.sources, fact.text


def test_every_source_is_cited_somewhere():
    cited = {key for module in TEXT_MODULES for fact in _collect(module)[0] for key in fact.sources}
    assert SOURCES.keys() - cited == set()


def test_citations_are_written_out():
    for key, citation in SOURCES.items():
        assert len(citation) > len(key) + 20, key


# --- relief flow -------------------------------------------------------------


EXPECTED_SLUGS = ("position", "onset", "safety-check", "heat-cold", "breathe", "move", "medicines", "check-in")


def test_relief_steps_are_in_the_agreed_order():
    assert relief.STEP_SLUGS == EXPECTED_SLUGS
    assert tuple(step.slug for step in relief.STEPS) == EXPECTED_SLUGS
    assert tuple(relief.STEP_BY_SLUG) == EXPECTED_SLUGS


@pytest.mark.parametrize("step", relief.STEPS, ids=lambda s: s.slug)
def test_relief_step_is_short(step):
    assert 2 <= len(step.facts) <= 5
    assert len(_words(step.title)) <= 5
    assert step.lead and len(_sentences(step.lead)) <= 2


def test_position_step_calls_positions_comfort_not_treatment():
    texts = " ".join(f.text for f in relief.STEP_BY_SLUG["position"].facts).lower()
    assert "chair" in texts and "pillow between your knees" in texts
    assert "not a treatment" in texts


def test_move_step_limits_bed_rest_and_sets_the_30_minute_rhythm():
    texts = " ".join(f.text for f in relief.STEP_BY_SLUG["move"].facts).lower()
    assert "day or two" in texts
    assert "30 minutes" in texts
    assert "5 seconds" in texts


def test_onset_choices():
    assert [c.key for c in relief.ONSET_CHOICES] == ["just_now", "earlier_today", "yesterday", "days_ago", "pick_time"]
    assert relief.ONSET_QUESTION == "When did this start?"


def test_check_in_scale_and_trend():
    assert (relief.PAIN_MIN, relief.PAIN_MAX) == (0, 10)
    assert set(relief.PAIN_SCALE_LABELS) == {relief.PAIN_MIN, relief.PAIN_MAX}
    assert [c.key for c in relief.TREND_CHOICES] == ["better", "same", "worse"]


# --- red flags ---------------------------------------------------------------


def test_urgencies_run_from_most_to_least_urgent():
    assert red_flags.URGENCY_ORDER == ("emergency", "today", "soon")
    assert tuple(red_flags.URGENCY_BY_KEY) == red_flags.URGENCY_ORDER


@pytest.mark.parametrize("urgency", red_flags.URGENCIES, ids=lambda u: u.key)
def test_every_urgency_has_signs(urgency):
    assert urgency.signs
    assert urgency.title and urgency.lead


def test_check_keys_are_unique_and_route_to_known_urgencies():
    keys = [q.key for q in red_flags.CHECK_QUESTIONS]
    assert len(keys) == len(set(keys))
    assert 6 <= len(keys) <= 8
    for question in red_flags.CHECK_QUESTIONS:
        assert question.urgency in red_flags.URGENCY_BY_KEY, question.key
    assert tuple(red_flags.CHECK_BY_KEY) == tuple(keys)


# Pinned so a routing change is a deliberate, reviewed edit.
@pytest.mark.parametrize(
    ("key", "urgency"),
    [
        ("bladder_bowel", "emergency"),
        ("saddle_numbness", "emergency"),
        ("both_legs", "emergency"),
        ("chest_pain", "emergency"),
        ("serious_fall", "emergency"),
        ("fever", "today"),
        ("one_leg_weakness", "today"),
        ("night_pain", "today"),
    ],
)
def test_check_question_routes_as_the_guidelines_group_it(key, urgency):
    assert red_flags.CHECK_BY_KEY[key].urgency == urgency


@pytest.mark.parametrize(
    ("urgency", "phrase"),
    [
        ("emergency", "bladder or bowel"),
        ("emergency", "genitals, buttocks or inner thighs"),
        ("emergency", "both legs"),
        ("emergency", "chest pain"),
        ("emergency", "serious fall"),
        ("today", "fever or chills"),
        ("today", "one leg"),
        ("today", "worse at night"),
        ("today", "cancer"),
        ("today", "immune system"),
        ("today", "steroids"),
        ("soon", "3 days"),
        ("soon", "two weeks"),
        ("soon", "4 weeks"),
        ("soon", "keep coming back"),
    ],
)
def test_warning_sign_sits_in_its_urgency(urgency, phrase):
    signs = " ".join(f.text for f in red_flags.URGENCY_BY_KEY[urgency].signs).lower()
    assert phrase in signs


def test_call_label_takes_the_number():
    assert red_flags.CALL_LABEL.format(number="112") == "Call 112"


def test_what_to_say_is_a_short_script():
    assert 3 <= len(red_flags.WHAT_TO_SAY) <= 5
    script = " ".join(red_flags.WHAT_TO_SAY).lower()
    assert "back pain" in script and "address" in script and "door" in script


def test_disclaimer_does_not_diagnose():
    assert "when to get help" in red_flags.DISCLAIMER.text


# --- heat and cold -----------------------------------------------------------


def test_heat_is_the_better_evidenced_option():
    assert {"ACP", "Cochrane"} <= set(heat_cold.HEAT_EVIDENCE.sources)
    assert "better evidence" in heat_cold.HEAT_EVIDENCE.text
    assert {"Cochrane", "Garra"} <= set(heat_cold.COLD_EVIDENCE.sources)
    assert "feels better" in heat_cold.CHOOSE.text


def test_skin_rules():
    cold = " ".join(f.text for f in heat_cold.COLD_RULES).lower()
    heat = " ".join(f.text for f in heat_cold.HEAT_RULES).lower()
    assert "cloth" in cold and "20 minutes" in cold and "warm up" in cold
    assert "low or medium" in heat and "asleep" in heat and "numb or broken skin" in heat
    assert heat_cold.SKIN_RULES == heat_cold.COLD_RULES + heat_cold.HEAT_RULES


def test_therapies_match_the_timer_kinds():
    assert tuple(heat_cold.THERAPY_BY_KIND) == ("heat", "cold", "contrast")
    for therapy in heat_cold.THERAPIES:
        assert therapy.safety, therapy.kind


def test_contrast_is_only_an_option():
    assert (heat_cold.CONTRAST_COLD_MINUTES, heat_cold.CONTRAST_HEAT_MINUTES) == (15, 10)
    texts = " ".join(f.text for f in heat_cold.CONTRAST).lower()
    assert "optional" in texts and "no guideline" in texts
    for fact in heat_cold.CONTRAST:
        assert not {"NICE", "ACP", "NHS", "Cochrane"} & set(fact.sources)


# --- medicines ---------------------------------------------------------------


def test_medicines_state_the_guideline_view():
    nsaids = " ".join(f.text for f in medicines.NSAIDS).lower()
    assert "ibuprofen" in nsaids and "naproxen" in nsaids
    assert "lowest dose" in nsaids and "shortest time" in nsaids
    assert "never take two" in nsaids
    paracetamol = {key for f in medicines.PARACETAMOL for key in f.sources}
    assert {"NICE", "ACP", "PACE"} <= paracetamol
    assert "prescription" in " ".join(f.text for f in medicines.MUSCLE_RELAXANTS)
    assert "drowsy" in " ".join(f.text for f in medicines.MUSCLE_RELAXANTS)
    assert "label" in medicines.LABEL_LINE.text and "pharmacist" in medicines.LABEL_LINE.text


@pytest.mark.parametrize(
    "condition",
    ["kidney", "liver", "stomach", "heart", "stroke", "blood pressure", "asthma", "crohn", "pregnant", "65", "aspirin"],
)
def test_who_should_avoid_nsaids_lists(condition):
    assert any(condition in f.text.lower() for f in medicines.WHO_SHOULD_AVOID_NSAIDS)


def test_medicines_step_carries_the_label_line():
    assert medicines.LABEL_LINE in relief.STEP_BY_SLUG["medicines"].facts


# --- regions -----------------------------------------------------------------


def test_region_numbers_are_digits_only():
    for key, region in regions.REGIONS.items():
        assert region.key == key
        assert region.emergency.isdigit(), key
        assert region.non_emergency is None or region.non_emergency.isdigit(), key


def test_region_numbers():
    numbers = {key: r.emergency for key, r in regions.REGIONS.items()}
    assert numbers == {"eu": "112", "uk": "999", "us": "911", "ca": "911", "au": "000", "other": "112"}
    assert regions.REGIONS["uk"].non_emergency == "111"


# --- advice ------------------------------------------------------------------


def test_advice_points_to_known_urgencies():
    keys = [a.key for a in advice.ADVICE]
    assert len(keys) == len(set(keys))
    for item in advice.ADVICE:
        assert item.urgency is None or item.urgency in red_flags.URGENCY_BY_KEY, item.key
    assert advice.EARLY_DAYS.urgency is None
    assert advice.NO_IMPROVEMENT_3_DAYS.urgency == "soon"
    assert "pharmacist" in " ".join(f.text for f in advice.NO_IMPROVEMENT_3_DAYS.facts)
    assert "scan" in " ".join(f.text for f in advice.OVER_TWO_WEEKS.facts)


# --- prevention --------------------------------------------------------------


def test_exercise_library():
    assert [e.slug for e in prevention.EXERCISES] == [
        "bird-dog", "dead-bug", "wall-angels", "plank", "glute-bridge", "cat-cow", "childs-pose",
    ]
    for exercise in prevention.EXERCISES:
        assert (exercise.hold_seconds is None) != (exercise.reps is None), exercise.slug
        assert 2 <= len(exercise.how) <= 4, exercise.slug
        amount = exercise.hold_seconds or exercise.reps
        assert 0 < amount <= 60, exercise.slug


def test_sourced_exercise_defaults():
    by_slug = prevention.EXERCISE_BY_SLUG
    assert (by_slug["bird-dog"].reps, by_slug["bird-dog"].per_side) == (12, True)
    assert by_slug["childs-pose"].hold_seconds == 30
    assert by_slug["cat-cow"].hold_seconds == 30


def test_prevention_is_marked_not_for_a_spasm():
    assert "during a spasm" in prevention.NOT_DURING_SPASM.text
    assert len(prevention.HABITS) >= 7
    assert len({h.slug for h in prevention.HABITS}) == len(prevention.HABITS)


# --- plain, safe wording ------------------------------------------------------


FORBIDDEN = [
    # Jargon a frightened person cannot act on.
    r"saddle",
    r"an(a)?esthesia",
    r"cauda equina",
    r"sciatica",
    r"herniat",
    r"\bdis[ck]s?\b",
    r"osteoporosis",
    r"incontinen",
    r"\blumbar\b",
    r"\bNSAID",
    r"placebo",
    # The seeds' sprain rule, stated as if it were back-pain guidance.
    r"\b48\b",
    r"\b72\b",
    r"cold first|ice first",
    r"then (switch to )?heat",
    # Personal doses.
    r"\d\s*(mg|mcg|µg|ml|g)\b",
    r"milligram",
    r"times a day",
    r"tablets? (a|per) day",
    # Seed 004's unsourced numbers and experts.
    r"%",
    r"per ?cent",
    r"carter|benson",
    r"coconut",
    r"\d\s*oz\b",
    r"muscle memory",
    # Diagnoses the app must never make.
    r"you have (a |an )?(infection|sciatica|slipped)",
    r"infection",
]


@pytest.mark.parametrize("pattern", FORBIDDEN)
def test_no_text_says(pattern):
    hits = [t for t in _all_texts() if re.search(pattern, t, re.IGNORECASE)]
    assert not hits


def test_no_meta_talk():
    hits = [t for t in _all_texts() if re.search(r"\bAI\b|chatbot|language model", t)]
    assert not hits


def test_sentences_are_short():
    long = [s for t in _all_texts() for s in _sentences(t) if len(_words(s)) > 14]
    assert not long


def test_no_sentence_is_copied_from_a_seed():
    if not SEEDS_DIR.is_dir():
        pytest.skip("seed articles are not beside this checkout")

    def grams(text, n=7):
        words = [w.lower() for w in _words(text)]
        return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}

    seeds = set()
    for path in SEEDS_DIR.glob("*.txt"):
        seeds |= grams(path.read_text(encoding="utf-8"))
    copied = [t for t in _all_texts() if grams(t) & seeds]
    assert not copied


# --- no web framework in the content ------------------------------------------


@pytest.mark.parametrize("path", sorted(CONTENT_DIR.glob("*.py")), ids=lambda p: p.name)
def test_content_imports_only_its_own_types(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            assert name == "dataclasses" or name.startswith("spasm.content"), f"{path.name} imports {name}"
