"""Every fact backed by a named source a reader can check, shown under a name
a person understands, and one timing for each "see someone" message."""

import re
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from spasm.content import advice, heat_cold, keys_of, medicines, prevention, red_flag_signs, red_flags, relief, timing
from spasm.content.cards import CARDS, cards_citing
from spasm.content.sources import REFERENCE_BY_KEY, REFERENCES, TIP
from tests.test_content import TEXT_MODULES, _collect

ALL_FACTS = [fact for module in TEXT_MODULES for fact in _collect(module)[0]]

# Words that make a sentence a medical claim: what helps, harms or means danger.
CLAIM_WORDS = re.compile(
    r"\b(help|helps|helped|eases?|relieves?|reduces?|harms?|harmful|damage|danger|dangerous|serious|"
    r"safe|safer|unsafe|cures?|treats?|treatment|prevents?|risk|emergency|burns?|heals?)\b",
    re.IGNORECASE,
)


# --- every fact has a named, checkable source ------------------------------------


def test_every_fact_cites_only_known_sources():
    assert ALL_FACTS
    for fact in ALL_FACTS:
        unknown = set(fact.sources) - REFERENCE_BY_KEY.keys()
        assert not unknown, f"{fact.text!r} cites {unknown}, which /sources does not list"


def test_records_with_sources_cite_known_sources():
    for question in red_flags.CHECK_QUESTIONS:
        assert question.sources and set(question.sources) <= REFERENCE_BY_KEY.keys(), question.key
    for exercise in prevention.EXERCISES:
        keys = set(exercise.sources) | set(exercise.default_sources)
        assert exercise.sources and keys <= REFERENCE_BY_KEY.keys(), exercise.slug


def test_a_medical_claim_never_rests_on_a_practical_tip_alone():
    for fact in ALL_FACTS:
        if set(fact.sources) == {TIP}:
            assert not CLAIM_WORDS.search(fact.text), f"a claim with no source: {fact.text!r}"


@pytest.mark.parametrize(
    "claim",
    ["Heat helps a spasm.", "This is not serious.", "Cold can burn.", "Moving is safe.", "It eases pain."],
)
def test_the_claim_words_catch_claims(claim):
    assert CLAIM_WORDS.search(claim)


@pytest.mark.parametrize("reference", [r for r in REFERENCES if r.key != TIP], ids=lambda r: r.key)
def test_each_source_is_named_dated_and_has_an_address(reference):
    assert reference.name and reference.title and reference.publisher and reference.date
    assert reference.url and reference.url.startswith("https://"), reference.key
    # A short name a person reads on a card, not an internal key.
    assert len(reference.name) <= 40
    assert not re.fullmatch(r"S\d", reference.name)


def test_the_practical_tip_label_is_honest_and_names_who_should_check():
    tip = REFERENCE_BY_KEY[TIP]
    assert tip.url is None and "not from a guideline" in tip.title
    assert "physiotherapist or doctor" in tip.title


def test_no_source_is_an_unattributed_article():
    for reference in REFERENCES:
        assert reference.key not in {"S0", "S1", "S2", "S3", "S4", "Convention"}
        assert "seed" not in f"{reference.title} {reference.publisher}".lower()
        assert "this app" not in f"{reference.title} {reference.publisher}".lower()


def test_every_source_is_cited_by_some_card():
    cited = {key for card in CARDS for key in card.keys}
    assert REFERENCE_BY_KEY.keys() - cited == set()


def test_every_fact_belongs_to_a_card():
    """A fact on no card would be invisible on /sources' list of cards."""
    on_cards = {key for card in CARDS for key in card.keys}
    for fact in ALL_FACTS:
        assert set(fact.sources) <= on_cards, fact.text


# --- cards show readable names, linked to /sources ---------------------------------


class _Citations(HTMLParser):
    """The source links in a page's "Sources:" lines, as (key, text)."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._in_sources = 0
        self._href: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "sources" in (attrs.get("class") or "").split():
            self._in_sources += 1
        if tag == "a" and self._in_sources and (attrs.get("href") or "").startswith("/sources#"):
            self._href = attrs["href"].removeprefix("/sources#")

    def handle_endtag(self, tag):
        if tag in ("p", "span") and self._in_sources:
            self._in_sources -= 1

    def handle_data(self, data):
        if self._href is not None:
            self.links.append((self._href, data))
            self._href = None


def citations(html: str) -> list[tuple[str, str]]:
    parser = _Citations()
    parser.feed(html)
    return parser.links


PUBLIC_CARDS = [card for card in CARDS if card.public]


@pytest.mark.parametrize("card", PUBLIC_CARDS, ids=lambda c: c.path)
def test_each_page_cites_what_its_card_lists_under_readable_names(client, card):
    html = client.get(card.path).get_data(as_text=True)
    links = citations(html)
    assert links, card.path
    assert {key for key, _ in links} == set(card.keys), card.path
    for key, text in links:
        assert text == REFERENCE_BY_KEY[key].name
    # No opaque key anywhere on the page.
    assert not re.search(r"Sources:[^<]*\bS[0-4]\b", html)
    assert "Convention" not in html


def test_sources_lists_each_source_with_the_cards_that_cite_it(client):
    html = client.get("/sources").get_data(as_text=True)
    for reference in REFERENCES:
        assert f'id="{reference.key}"' in html
        assert str(escape(reference.name)) in html
        for card in cards_citing(reference.key):
            assert str(escape(card.title)) in html
    entry = html[html.index('id="NHS-AAA"') :]
    entry = entry[: entry.index("</div>")]
    assert 'href="/red-flags"' in entry and "https://www.nhs.uk/conditions/abdominal-aortic-aneurysm/" in entry
    assert "seed article" not in html.lower() and "for this app" not in html.lower()


def test_a_card_link_lands_on_its_entry(client):
    html = client.get("/relief/heat-cold").get_data(as_text=True)
    assert '<a href="/sources#Cochrane-heat">Cochrane: heat or cold</a>' in html


def test_keys_of_reads_facts_records_and_nested_groups():
    assert keys_of(heat_cold.HEAT_EVIDENCE) == ("ACP", "Cochrane-heat")
    assert keys_of([heat_cold.HEAT_EVIDENCE, (heat_cold.CHOOSE,)]) == ("ACP", "Cochrane-heat", "Garra")
    bird_dog = prevention.EXERCISE_BY_SLUG["bird-dog"]
    assert keys_of(bird_dog) == ("Mayo-bird-dog",)


# --- one timing for each "see someone" message -----------------------------------

TIMING = re.compile(r"\b(?:\d+|a|one|two|three|four|a few|several)\s+(?:days?|weeks?|months?)\b", re.IGNORECASE)
SEE_SOMEONE = re.compile(r"\b(doctor|GP|pharmacist)\b")


def _see_someone_timings() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for fact in ALL_FACTS:
        if SEE_SOMEONE.search(fact.text):
            for phrase in TIMING.findall(fact.text):
                found.setdefault(phrase.lower(), set()).add(fact.text)
    return found


def test_see_someone_messages_use_only_the_two_timings():
    assert set(_see_someone_timings()) <= {timing.FEW_DAYS, timing.FEW_WEEKS}


def test_each_timing_points_to_the_same_person_everywhere():
    for text in _see_someone_timings().get(timing.FEW_WEEKS, ()):
        assert "doctor" in text or "GP" in text, text
    for text in _see_someone_timings().get(timing.FEW_DAYS, ()):
        assert "pharmacist" in text, text


@pytest.mark.parametrize(
    "text",
    ["If it lasts more than two weeks, see a doctor.", "No better after 3 days? See a pharmacist."],
)
def test_the_timing_check_catches_a_different_timing(text):
    phrases = {p.lower() for p in TIMING.findall(text)}
    assert SEE_SOMEONE.search(text) and not phrases <= {timing.FEW_DAYS, timing.FEW_WEEKS}


def test_the_timings_are_the_ones_the_red_flag_list_and_the_advice_use():
    soon = red_flags.URGENCY_BY_KEY[red_flags.SOON]
    assert timing.FEW_DAYS in red_flag_signs.SEVERE_FEW_DAYS.text and red_flag_signs.SEVERE_FEW_DAYS in soon.signs
    assert timing.FEW_WEEKS in red_flag_signs.NOT_BETTER_WEEKS.text and red_flag_signs.NOT_BETTER_WEEKS in soon.signs
    assert timing.FEW_DAYS in advice.NO_BETTER_FEW_DAYS.facts[0].text
    assert timing.FEW_WEEKS in advice.NOT_BETTER_FEW_WEEKS.facts[0].text
    assert relief.STEP_BY_SLUG["check-in"].facts == (timing.SEE_SOMEONE_SOON, timing.SEE_A_DOCTOR)
    assert medicines.CITED
