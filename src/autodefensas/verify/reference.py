"""The contract layer's reference engine: frictionless-py's own validation of the package.

Slower than the fast engine (contract.py), which a parity test holds to the same findings.
"""

from __future__ import annotations

from pathlib import Path

from .. import paths
from ..report import Problem
from .contract import frictionless_message, rule_for
from .engine import read_descriptor


def frictionless_problems(root: Path) -> list[Problem]:
    """The reference: frictionless-py's own validation of the committed package."""
    import frictionless

    _, unreadable = read_descriptor(root)
    if unreadable is not None:
        return [unreadable]
    result = frictionless.validate(str(root / paths.DESCRIPTOR))
    problems = [Problem(rule=rule_for(e.type), file=paths.DESCRIPTOR, message=frictionless_message(e))
                for e in result.errors]
    for task in result.tasks:
        place = paths.relative(root, Path(task.place))
        for error in task.errors:
            row = getattr(error, "row_number", None)
            problems.append(Problem(rule=rule_for(error.type), file=place, line=row,
                                    message=frictionless_message(error), row=row,
                                    field=getattr(error, "field_name", None)))
    return problems
