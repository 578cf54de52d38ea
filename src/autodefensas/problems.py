"""One Problem type and one Report for every verification layer."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong with the dataset, located as precisely as possible.

    ``file`` is relative to the dataset root; ``line`` is 1-based (a CSV's header is
    line 1), or None when the problem concerns a whole file.
    """

    layer: str
    file: str
    line: int | None
    rule: str
    message: str
    hint: str = ""
    severity: str = "error"

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass
class Report:
    """The problems found, in the order the layers ran."""

    problems: list[Problem] = field(default_factory=list)
    layers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems) -> None:
        self.problems.extend(problems)

    def by_layer(self, layer: str) -> list[Problem]:
        return [p for p in self.problems if p.layer == layer]

    def rules(self) -> set[str]:
        return {p.rule for p in self.problems}

    def format_text(self) -> str:
        lines = []
        for p in self.problems:
            lines.append(f"{p.location()}: {p.severity} [{p.rule}] {p.message}")
            if p.hint:
                lines.append(f"    fix: {p.hint}")
        errors = sum(p.severity == "error" for p in self.problems)
        checked = ", ".join(self.layers) if self.layers else "nothing"
        if errors:
            lines.append(f"{errors} error(s) found (layers checked: {checked}).")
        else:
            lines.append(f"OK: no errors (layers checked: {checked}).")
        return "\n".join(lines)
