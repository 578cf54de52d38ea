"""What a derivation did, step by step, for `autodefensas explain` and the build alike.

Each step of a derivation reports to a Trace as it works: the value it gave a field and
from which claims, and the claims it set aside and why. The build takes the Trace's
values; explain prints its steps, so it never restates a rule.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Step:
    """The value a step gave a field: by which rule (its number in the rule text, if any),
    from which claims (refs), among which claims it chose (considered)."""

    field: str
    value: object
    step: int | None
    rule: str
    refs: tuple = ()
    considered: tuple = ()


@dataclass(frozen=True)
class SetAside:
    """A claim a step did not use, why, and the claims that prevailed over it (against)."""

    ref: Hashable
    step: int | None
    reason: str
    against: tuple = ()


@dataclass
class Trace:
    """What a derivation did: each field's Step, the claims set aside, the estimates it used."""

    steps: dict[str, Step] = field(default_factory=dict)
    set_aside: list[SetAside] = field(default_factory=list)
    estimates: list = field(default_factory=list)

    def give(self, name: str, value: object, step: int | None, rule: str, refs=(), considered=()) -> None:
        self.steps[name] = Step(name, value, step, rule, tuple(refs), tuple(considered))

    def aside(self, ref: Hashable, step: int | None, reason: str, against=()) -> None:
        self.set_aside.append(SetAside(ref, step, reason, tuple(against)))

    def values(self, names: Iterable[str]) -> tuple:
        return tuple(self.steps[n].value for n in names)

    def row(self) -> dict[str, object]:
        """Field -> value, in the order the steps gave them."""
        return {name: s.value for name, s in self.steps.items()}

    def merge(self, other: Trace) -> Trace:
        return Trace({**self.steps, **other.steps}, self.set_aside + other.set_aside,
                     self.estimates + other.estimates)
