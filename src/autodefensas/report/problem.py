"""Problem: one thing wrong with the dataset, made through the rule catalogue."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .catalogue import get


@dataclass(frozen=True, kw_only=True)
class Problem:
    """Something wrong, located as precisely as possible.

    ``file`` is relative to the dataset root; ``line`` is 1-based (a CSV's header is
    line 1), or None when the problem concerns a whole file. ``table``, ``row`` (the
    CSV line of the row), ``field``, ``key`` (the row's primary key) and ``value``
    say what in the data it is about, when that is known. ``layer`` and ``severity``
    come from the rule's declaration, and so does ``hint`` unless given.
    """

    rule: str
    file: str
    message: str
    line: int | None = None
    hint: str = ""
    table: str | None = None
    row: int | None = None
    field: str | None = None
    key: str | None = None
    value: str | None = None
    layer: str = dataclasses.field(init=False)
    severity: str = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        rule = get(self.rule)
        object.__setattr__(self, "layer", rule.layer)
        object.__setattr__(self, "severity", rule.severity)
        if not self.hint:
            object.__setattr__(self, "hint", rule.fix)

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.rule)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)
