"""What each kind of timer is called, wherever the app names it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class TimerKind:
    title: str  # the heading of a running timer: "Cold timer"
    log_name: str  # a row of the recovery log: "Cold"
    noun: str  # inside a sentence: "A cold timer is running."


TIMER_KINDS = {
    "heat": TimerKind("Heat timer", "Heat", "heat"),
    "cold": TimerKind("Cold timer", "Cold", "cold"),
    "contrast": TimerKind("Cold, then heat", "Heat and cold in turn", "cold-and-heat"),
    "movement": TimerKind("Movement reminder", "Movement reminder", "movement"),
}
