"""Everything the app says to a person in pain reads at about school grade 6
or below (Flesch-Kincaid), so it can be taken in at a glance."""

import re

import pytest

from spasm.content import red_flags, regions
from tests.test_content import TEXT_MODULES, _collect

# Regions hold place names and numbers to dial more than sentences: only
# their notes are prose, and they are checked on their own below.
MODULES = tuple(module for module in TEXT_MODULES if module is not regions)
MAX_GRADE = 6.0

VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """A rough English syllable count: groups of vowels, less a silent final e."""
    word = word.lower().strip("'\u2019-")
    if not word:
        return 0
    if word.isdigit():
        return len(word)  # read out digit by digit, as numbers to dial are
    count = len(VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    if word.endswith(("ed",)) and not word.endswith(("ted", "ded")) and count > 1:
        count -= 1
    return max(1, count)


def words_of(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9'\u2019]+", text)


def sentences_of(text: str) -> list[str]:
    # Each piece of content is at least one sentence, even without a full stop.
    return [s for s in re.split(r"[.!?:;]+(?:\s+|$)", text) if words_of(s)]


def grade(texts: list[str]) -> float:
    """Flesch-Kincaid grade level of some texts read together."""
    sentences = [s for text in texts for s in sentences_of(text)]
    words = [w for s in sentences for w in words_of(s)]
    syllable_count = sum(syllables(w) for w in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * syllable_count / len(words) - 15.59


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("back", 1),
        ("pain", 1),
        ("spasm", 1),
        ("doctor", 2),
        ("medicine", 3),
        ("anti", 2),
        ("relax", 2),
        ("tingling", 2),
        ("pharmacist", 3),
        ("make", 1),
        ("112", 3),
    ],
)
def test_syllable_counter(word, count):
    assert syllables(word) == count


def test_grade_tells_plain_from_hard_text():
    assert grade(["Lie on your back. Stay warm."]) < 2
    assert (
        grade(["Nonsteroidal anti-inflammatory medications demonstrate considerable gastrointestinal toxicity."]) > 12
    )


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_each_content_module_reads_at_grade_6_or_below(module):
    texts = _collect(module)[1]
    assert grade(texts) <= MAX_GRADE


def test_all_content_together_reads_at_grade_6_or_below():
    texts = [text for module in MODULES for text in _collect(module)[1]]
    assert grade(texts) <= MAX_GRADE


def test_region_notes_read_at_grade_6_or_below():
    notes = [r.note for r in regions.REGIONS.values() if r.note] + [regions.AUTO_LABEL]
    assert grade(notes) <= MAX_GRADE


def test_the_safety_check_reads_at_grade_6_or_below():
    texts = [q.label for q in red_flags.CHECK_QUESTIONS] + [g.title for g in red_flags.CHECK_GROUPS]
    assert grade(texts) <= MAX_GRADE
