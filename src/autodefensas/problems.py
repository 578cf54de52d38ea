"""One Problem type and one Report for every verification layer."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field

FORMATS = ("text", "json", "github")


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

    def summary(self) -> str:
        errors = sum(p.severity == "error" for p in self.problems)
        warnings = len(self.problems) - errors
        checked = ", ".join(self.layers) if self.layers else "nothing"
        extra = f", {warnings} warning(s)" if warnings else ""
        if errors:
            return f"{errors} error(s){extra} found (layers checked: {checked})."
        return f"OK: no errors{extra} (layers checked: {checked})."

    def format(self, fmt: str = "text") -> str:
        """The report as text (for people), json (for programs) or github (workflow annotations)."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
        return getattr(self, f"format_{fmt}")()

    def format_json(self) -> str:
        return json.dumps({"ok": self.ok, "layers": self.layers, "summary": self.summary(),
                           "problems": [p.to_dict() for p in self.problems]}, indent=2, ensure_ascii=False)

    def format_github(self) -> str:
        """One ::error / ::warning workflow command per problem, then the summary."""
        lines = []
        for p in self.problems:
            props = f"file={_escape(p.file, True)}"
            if p.line:
                props += f",line={p.line}"
            props += f",title={_escape(p.rule, True)}"
            message = p.message + (f" (fix: {p.hint})" if p.hint else "")
            lines.append(f"::{p.severity} {props}::{_escape(message)}")
        lines.append(self.summary())
        return "\n".join(lines)

    def format_text(self) -> str:
        lines = []
        for p in self.problems:
            lines.append(f"{p.location()}: {p.severity} [{p.rule}] {p.message}")
            if p.hint:
                lines.append(f"    fix: {p.hint}")
        lines.append(self.summary())
        return "\n".join(lines)


def _escape(text: str, property_value: bool = False) -> str:
    """Escape a workflow command's data (and, for properties, ',' and ':')."""
    text = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def cap(problems: list[Problem], layer: str, limit: int = 50) -> list[Problem]:
    """At most limit problems per rule and file, then one saying how many more were found:
    a million rows with the same fault should not bury the other problems."""
    counts: dict[tuple[str, str], int] = {}
    kept = []
    for problem in problems:
        key = (problem.rule, problem.file)
        counts[key] = counts.get(key, 0) + 1
        if counts[key] <= limit:
            kept.append(problem)
    kept += [Problem(layer, file, None, rule, f"{n - limit} more problem(s) of this kind not listed", "")
             for (rule, file), n in counts.items() if n > limit]
    return kept
