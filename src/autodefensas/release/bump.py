"""The version bump a release needs, from the diff against the last release, with its reasons.

major: what breaks a user's code or loaded data (a field removed or renamed, a type changed,
an enum value removed, the primary key changed); minor: what adds (a field, an enum value,
a constraint changed, rows added) or takes out on purpose (rows removed, withdrawn); patch:
corrections of existing rows only, or no data change but the changelog's Unreleased section
has entries (toolkit and documentation). Nothing at all: no release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..contrib.diff import PackageDiff, SchemaChange
from .metadata import parse_version, release_of

LEVELS = ("patch", "minor", "major")  # lowest first
ASKED = ("auto", *reversed(LEVELS))
TAG = re.compile(r"v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
NAMED = 3  # rows a reason names before it counts the rest


class BumpError(ValueError):
    """The bump asked for cannot be used: the message says why and what to ask instead."""


@dataclass
class Bump:
    level: str | None  # major | minor | patch, or None: nothing to release
    reasons: list[str] = field(default_factory=list)  # each ends with its level: "... (minor)"


def tag_of(version: str) -> str:
    return f"v{release_of(version)}"


def version_of_tag(tag: str) -> str | None:
    """"v1.2.3" -> "1.2.3"; None for a tag that is no release tag."""
    return tag[1:] if TAG.fullmatch(tag) else None


def next_version(last: str, level: str) -> str:
    """The release after `last` ("X.Y.Z" or "X.Y.Z+dev") at `level`."""
    major, minor, patch, _ = parse_version(last)
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    if level == "patch":
        return f"{major}.{minor}.{patch + 1}"
    raise BumpError(f"unknown bump {level!r}; bumps are {', '.join(reversed(LEVELS))}")


def _rank(level: str | None) -> int:
    return -1 if level is None else LEVELS.index(level)


def _schema_reason(change: SchemaChange) -> tuple[str, str]:
    where = f"{change.table}.{change.field}" if change.field else change.table
    said = {"field_added": f"field added ({change.new})",
            "field_removed": f"field removed (was {change.old})",
            "field_renamed": f"field renamed from {change.old}",
            "type_changed": f"type {change.old} -> {change.new}",
            "enum_value_added": f"enum value {change.new!r} added",
            "enum_value_removed": f"enum value {change.old!r} removed",
            "constraint_changed": f"constraints {change.old} -> {change.new}",
            "primary_key_changed": f"primary key {change.old} -> {change.new}"}[change.kind]
    return ("major" if change.breaking else "minor"), f"{where}: {said}"


def _rows(keys: list[str]) -> str:
    shown = ", ".join(keys[:NAMED])
    return shown + (f" and {len(keys) - NAMED} more" if len(keys) > NAMED else "")


def _plural(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def has_entries(unreleased: str) -> bool:
    """True when the changelog's Unreleased section says anything (HTML comments aside)."""
    return bool(re.sub(r"<!--.*?-->", "", unreleased, flags=re.S).strip())


def required_bump(diff: PackageDiff, unreleased: str) -> Bump:
    """The lowest bump the diff from the last release requires, and every reason for it."""
    found: list[tuple[str, str]] = [_schema_reason(c) for c in diff.schema]
    for name, table in diff.tables.items():
        if table.added:
            found.append(("minor", f"{name}: {_plural(len(table.added), 'row')} added ({_rows(list(table.added))})"))
        if table.removed:
            withdrawn = [k for k in table.removed if k in table.withdrawals]
            said = "withdrawn" if len(withdrawn) == len(table.removed) else (
                f"{len(withdrawn)} withdrawn" if withdrawn else "no withdrawal")
            found.append(("minor", f"{name}: {_plural(len(table.removed), 'row')} removed, {said} "
                                   f"({_rows(list(table.removed))})"))
        if table.changed:
            fields = sorted({f.field for c in table.changed for f in c.fields})
            found.append(("patch", f"{name}: {_plural(len(table.changed), 'row')} corrected "
                                   f"({_rows([c.key for c in table.changed])}; fields: {', '.join(fields)})"))
    if not found and has_entries(unreleased):
        found.append(("patch", "no data change; the changelog's Unreleased section has entries "
                               "(toolkit, documentation)"))
    if not found:
        return Bump(None)
    level = max((lvl for lvl, _ in found), key=_rank)
    # the reasons for the level first, each saying its own level
    ordered = sorted(found, key=lambda item: -_rank(item[0]))
    return Bump(level, [f"{reason} ({lvl})" for lvl, reason in ordered])


def choose(required: Bump, asked: str = "auto", since: str | None = None) -> str:
    """The level to release at: the required one for "auto", else the one asked if not lower.

    since names the last release in the refusal when there is nothing to release.
    """
    if asked not in ASKED:
        raise BumpError(f"unknown bump {asked!r}; bumps are {', '.join(ASKED)}")
    if required.level is None:
        last = f" since {tag_of(since)}" if since else ""
        raise BumpError(f"nothing to release{last}: the data is identical and the changelog's Unreleased "
                        "section is empty")
    if asked == "auto":
        return required.level
    if _rank(asked) < _rank(required.level):
        reasons = "\n".join(f"  - {r}" for r in required.reasons if r.endswith(f"({required.level})"))
        raise BumpError(f"--bump {asked} is lower than the changes require ({required.level}):\n{reasons}\n"
                        f"release with --bump {required.level} (or auto), or higher")
    return asked
