"""The descriptor against the Data Package v2 JSON Schema profile (held in profiles/).

Each problem names the generated descriptor's JSON path and, where the value comes
from a file under schemas/, that file and line: a field of a Table Schema is fixed in
schemas/<table>.json, the package metadata in schemas/package.json.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path

from .. import paths
from ..report import Problem
from ..tableschema.schema import line_of_field, line_of_key

PROFILE = Path(__file__).parent / "profiles" / "datapackage.json"
_RFC3339 = re.compile(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)")
_REBUILD = "then run `autodefensas build`"


@cache
def _validator():
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date-time", raises=ValueError)(_date_time)
    profile = json.loads(PROFILE.read_text("utf-8"))
    return jsonschema.Draft7Validator(profile, format_checker=checker)


def _date_time(value: object) -> bool:
    # RFC 3339 (jsonschema checks date-time only with an extra package installed).
    if not isinstance(value, str):
        return True
    if not _RFC3339.fullmatch(value):
        return False
    datetime.fromisoformat(value[:-1] + "+00:00" if value[-1] in "Zz" else value)  # a real day and time
    return True


def profile_problems(descriptor: dict, root: Path | None = None) -> list[Problem]:
    """Where the descriptor breaks the Data Package v2 profile; root (a checkout, or a
    package folder with its schemas/) lets a problem point at the file to fix."""
    problems = []
    for error in sorted(_validator().iter_errors(descriptor), key=lambda e: list(map(str, e.absolute_path))):
        for leaf in _leaves(error):
            problems.append(_problem(leaf, descriptor, root))
    return problems


def _leaves(error) -> list:
    """The errors that say what is wrong: inside a oneOf/anyOf, those of the branch the value
    was meant for (a Table Schema field's branch is chosen by its "type")."""
    if not error.context:
        return [error]
    branches: dict[object, list] = {}
    for sub in error.context:
        branches.setdefault(sub.schema_path[0], []).append(sub)
    meant = [errors for errors in branches.values() if not any(list(e.relative_path) == ["type"] for e in errors)]
    if len(meant) == 1:
        return [leaf for sub in meant[0] for leaf in _leaves(sub)]
    from jsonschema.exceptions import best_match

    return [best_match(error.context)]


def _problem(error, descriptor: dict, root: Path | None) -> Problem:
    where = list(error.absolute_path)
    pointer = "/".join(map(str, where)) or "(the descriptor)"
    message = f"{pointer}: {error.message}"
    if where[:1] == ["resources"] and len(where) >= 5 and where[2:4] == ["schema", "fields"]:
        resource = descriptor["resources"][where[1]]
        field = resource["schema"]["fields"][where[4]]
        rel = paths.schema(str(resource.get("name")))
        name = field.get("name") if isinstance(field, dict) else None
        line = _line(root, rel, lambda text: line_of_field(text, str(name)))
        return Problem(rule="contract.profile", file=rel, line=line, table=resource.get("name"), field=name,
                       message=f"field {name!r}: {message}",
                       hint=f"fix the field in {rel} (Table Schema v2: an example is a string as it appears "
                            f"in the CSV), {_REBUILD}")
    if where and where[0] != "resources":
        rel = paths.REFERENCE_TABLES["package"]
        line = _line(root, rel, lambda text: line_of_key(text, str(where[0])))
        return Problem(rule="contract.profile", file=rel, line=line, message=message,
                       hint=f"fix {where[0]!r} in {rel} (the package metadata), {_REBUILD}")
    return Problem(rule="contract.profile", file=paths.DESCRIPTOR, message=message,
                   hint="datapackage.json is generated: undo a hand edit with `autodefensas build`; if a fresh "
                        "build gives this too, the toolkit writes an invalid descriptor: report it")


def _line(root: Path | None, rel: str, find) -> int | None:
    if root is None or not (root / rel).is_file():
        return None
    return find((root / rel).read_text("utf-8"))
