"""Report: the problems of the layers that ran, with true counts and each layer's status."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .problem import Problem

LIST_LIMIT = 50  # problems listed per rule and file; the rest are counted, not listed


@dataclass
class LayerRun:
    """What one layer did: ran, ran in part, or did not run (the reason is then a problem too)."""

    name: str
    status: str = "ran"  # ran | partial | not-run
    seconds: float = 0.0


@dataclass
class Report:
    """Every problem found, in the order the layers ran, and what each layer did."""

    problems: list[Problem] = field(default_factory=list)
    runs: list[LayerRun] = field(default_factory=list)

    @property
    def layers(self) -> list[str]:
        """The layers that ran, wholly or in part."""
        return [run.name for run in self.runs if run.status != "not-run"]

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

    def counts(self) -> dict[str, dict[str, int]]:
        """True counts: layer -> rule -> number of problems (listed or not)."""
        out: dict[str, dict[str, int]] = {}
        for (layer, rule), n in sorted(Counter((p.layer, p.rule) for p in self.problems).items()):
            out.setdefault(layer, {})[rule] = n
        return out

    def listed(self, limit: int = LIST_LIMIT) -> tuple[list[Problem], list[tuple[str, str, int]]]:
        """(problems to list, [(rule, file, number not listed)]): at most limit per rule and file,
        so that a million rows with one fault do not bury the other problems."""
        seen: Counter = Counter()
        shown = []
        for problem in self.problems:
            seen[(problem.rule, problem.file)] += 1
            if seen[(problem.rule, problem.file)] <= limit:
                shown.append(problem)
        hidden = [(rule, file, n - limit) for (rule, file), n in seen.items() if n > limit]
        return shown, hidden

    def summary(self) -> str:
        errors = sum(p.severity == "error" for p in self.problems)
        warnings = len(self.problems) - errors
        checked = ", ".join(self.layers) if self.layers else "none"
        not_run = [run.name for run in self.runs if run.status == "not-run"]
        partial = [run.name for run in self.runs if run.status == "partial"]
        notes = (f"; in part: {', '.join(partial)}" if partial else "") + (
            f"; not run: {', '.join(not_run)}" if not_run else "")
        extra = f", {warnings} warning(s)" if warnings else ""
        if errors:
            return f"{errors} error(s){extra} found (layers checked: {checked}{notes})."
        return f"OK: no errors{extra} (layers checked: {checked}{notes})."

    def format(self, fmt: str = "text") -> str:
        """The report as text (for people), json (for programs) or github (workflow annotations)."""
        from .formats import render

        return render(self, fmt)

    def format_text(self) -> str:
        return self.format("text")
