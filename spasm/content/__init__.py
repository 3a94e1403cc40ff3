"""Clinical content for Spasm: plain data with the sources a clinician can check.

Every user-facing claim is a ``Fact`` carrying the keys of its sources
(see ``spasm.content.sources.REFERENCES``). The modules here hold text only:
no Flask, no database, and no rules about days or timer bounds.
"""

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "CURRENT",
    "LEAD",
    "Advice",
    "CheckGroup",
    "CheckQuestion",
    "Choice",
    "Exercise",
    "Fact",
    "Habit",
    "Lead",
    "Reference",
    "Region",
    "Section",
    "Step",
    "Therapy",
    "Urgency",
    "keys_of",
]


@dataclass(frozen=True, slots=True)
class Fact:
    """One short piece of user text and the source keys that back it."""

    text: str
    sources: tuple[str, ...]

    def __post_init__(self) -> None:
        # Fail at import rather than ship an unsourced claim to a person in pain.
        if not self.text.strip():
            raise ValueError("a Fact needs text")
        if not isinstance(self.sources, tuple) or not self.sources:
            raise ValueError(f"a Fact needs a tuple of sources: {self.text!r}")
        if not all(isinstance(key, str) and key for key in self.sources):
            raise ValueError(f"source keys must be non-empty strings: {self.text!r}")


def keys_of(*groups: object) -> tuple[str, ...]:
    """The source keys of facts, records with sources, or nested groups of
    them, each once, in first-cited order."""
    keys: dict[str, None] = {}
    for item in groups:
        sources = getattr(item, "sources", None)
        if isinstance(sources, tuple):
            keys.update(dict.fromkeys(sources))
            keys.update(dict.fromkeys(getattr(item, "default_sources", ())))
        elif isinstance(item, Iterable) and not isinstance(item, str):
            keys.update(dict.fromkeys(keys_of(*item)))
    return tuple(keys)


@dataclass(frozen=True, slots=True)
class Section:
    """A titled group of facts, for pages that list several groups."""

    title: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer button: a stable key for storage and a label for people."""

    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Lead:
    """Stands for a step's own lead among the lines read aloud."""


LEAD = Lead()


def _as_sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!")) else text + "."


@dataclass(frozen=True, slots=True)
class Step:
    """One card of the relief flow.

    ``spoken`` is what read-aloud says after the title, for a person who
    cannot look at the phone: the lines that say what to do, each one the
    same Fact (or the lead) the card shows, so the words heard match the
    words seen.
    """

    slug: str
    title: str
    lead: str
    facts: tuple[Fact, ...]
    spoken: tuple[Fact | Lead, ...] = (LEAD,)

    def speech(self) -> str:
        """The title, then the spoken lines, as sentences in one text."""
        lines = [line.text if isinstance(line, Fact) else self.lead for line in self.spoken]
        return " ".join(_as_sentence(text) for text in (self.title, *lines))


@dataclass(frozen=True, slots=True)
class Therapy:
    """Heat, cold or contrast: what it does and the skin rules for its timer card."""

    kind: str
    name: str
    lead: str
    facts: tuple[Fact, ...]
    safety: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class Urgency:
    """A group of warning signs that share one action (call now, today, soon)."""

    key: str
    title: str
    lead: str
    signs: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class CheckQuestion:
    """One item of the in-flow safety check (yes, not sure or no), where a
    "yes" sends the person, and the red-flag signs it asks about."""

    key: str
    label: str
    urgency: str
    sources: tuple[str, ...]
    signs: tuple[Fact, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckGroup:
    """Check questions about one part of the body or one kind of sign."""

    title: str
    questions: tuple[CheckQuestion, ...]


@dataclass(frozen=True, slots=True)
class Region:
    """The numbers to call in a place.

    ``emergency`` and ``non_emergency`` are digits only, ready for a tel:
    link; ``advice_label`` is how the advice line is written for people.
    ``countries`` are the ISO 3166 codes the numbers are checked against.
    """

    key: str
    label: str
    emergency: str
    countries: tuple[str, ...] = ()
    non_emergency: str | None = None
    advice_label: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    """A source a reader can look up: who published it, when, and where.

    ``name`` is the short name a card shows ("NHS", "Mayo Clinic"); the key
    only links a card to its entry on /sources. A reference without an
    address is the practical-tip label, not a publication.
    """

    key: str
    name: str
    title: str
    publisher: str
    date: str
    url: str | None
    note: str | None = None


# The date of a reference whose publisher keeps the page up to date.
CURRENT = "Web page, current version"


@dataclass(frozen=True, slots=True)
class Advice:
    """A message for how long the episode has lasted or how it is going.

    ``urgency`` names the red-flag group the message points to, or None when
    the message only reassures.
    """

    key: str
    title: str
    facts: tuple[Fact, ...]
    urgency: str | None


@dataclass(frozen=True, slots=True)
class Exercise:
    """A prevention exercise.

    Exactly one of ``hold_seconds`` and ``reps`` is set. ``default_sources`` is
    empty when the hold or rep count is a modest default of our own rather
    than a number a source gives.
    """

    slug: str
    name: str
    group: str
    how: tuple[str, ...]
    hold_seconds: int | None
    reps: int | None
    per_side: bool
    sources: tuple[str, ...]
    default_sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Habit:
    """A daily habit for after the spasm has eased."""

    slug: str
    title: str
    fact: Fact
