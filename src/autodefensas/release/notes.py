"""Release notes: CHANGELOG.md's "## Unreleased" section plus a "Data" summary from the diff,
and the changelog rewritten with that section moved under "## X.Y.Z — YYYY-MM-DD".

The changelog is a list of "## " sections, newest first: "## Unreleased" on top (what the
next release will say), then one "## X.Y.Z — YYYY-MM-DD" per release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .. import paths
from ..contrib.diff import DERIVED, FATALITIES, ClaimCause, Named, PackageDiff

UNRELEASED = "Unreleased"
SECTION = re.compile(r"^## +(?P<title>.+?)[ \t]*$", re.M)
# "0.2.0 — 2026-12-01" (an en dash or a hyphen too)
DATED = re.compile(r"(?P<version>\d+\.\d+\.\d+) +[—–-] +(?P<date>\d{4}-\d{2}-\d{2})")
LISTED = 20  # names and incidents a summary lists before it counts the rest
CAUSES = 5  # claims named per incident before the rest are counted


class ChangelogError(ValueError):
    """CHANGELOG.md cannot take a release: the message says what to fix."""


@dataclass(frozen=True)
class Section:
    title: str  # the heading without "## "
    start: int  # offset of the heading line
    body: int  # offset after the heading line
    end: int  # offset of the next heading, or the end of the text


def sections(text: str) -> list[Section]:
    heads = list(SECTION.finditer(text))
    return [Section(m.group("title"), m.start(), m.end(), heads[i + 1].start() if i + 1 < len(heads) else len(text))
            for i, m in enumerate(heads)]


def _unreleased(text: str) -> Section:
    found = [s for s in sections(text) if s.title.strip().lower() == UNRELEASED.lower()]
    if not found:
        raise ChangelogError(f"{paths.CHANGELOG} has no \"## {UNRELEASED}\" section: add one above the "
                             "releases and list there what changed since the last release")
    if len(found) > 1:
        line = text.count("\n", 0, found[1].start) + 1
        raise ChangelogError(f"{paths.CHANGELOG}:{line}: a second \"## {UNRELEASED}\" section: merge it into "
                             "the first")
    return found[0]


def unreleased(text: str) -> str:
    """The text of the "## Unreleased" section, without its heading."""
    section = _unreleased(text)
    return text[section.body:section.end].strip()


def released(text: str, version: str) -> str | None:
    """The dated heading of release `version` in the changelog, or None."""
    for section in sections(text):
        match = DATED.fullmatch(section.title.strip())
        if match and match.group("version") == version:
            return f"## {section.title.strip()}"
    return None


def notes_of(text: str, version: str) -> str:
    """The notes of release `version`: its section's text, without the heading."""
    for section in sections(text):
        match = DATED.fullmatch(section.title.strip())
        if match and match.group("version") == version:
            return text[section.body:section.end].strip()
    raise ChangelogError(f"{paths.CHANGELOG} has no section \"## {version} — YYYY-MM-DD\": "
                         f"release {version} with `autodefensas release` first")


def _cell(value: str) -> str:
    return value if value != "" else "(empty)"


def _names(title: str, named: list[Named], more: str) -> list[str]:
    if not named:
        return []
    listed = "; ".join(f"{n.name} (`{n.id}`)" for n in named[:LISTED])
    extra = f"; and {len(named) - LISTED} more ({more})" if len(named) > LISTED else ""
    return [f"- {title}: {listed}{extra}"]


def data_summary(diff: PackageDiff | None, since: str | None = None, version: str | None = None,
                 rows: dict[str, int] | None = None) -> str:
    """The "### Data" part of the notes: for a first release (diff None) the rows per table;
    else the rows added, removed and changed per table since the last release, schema
    changes, incidents whose derived fields changed (old -> new, with the claims that moved
    them), withdrawn rows with their reasons, the fields of each changed row, and new
    documents, actors and outlets."""
    lines = ["### Data", ""]
    if diff is None:
        lines += ["First release:", ""]
        lines += [f"- {table}: {n} row{'' if n == 1 else 's'}" for table, n in (rows or {}).items()]
        return "\n".join(lines)
    more = f"`autodefensas diff v{since} v{version}` lists them all" if since and version else "see the diff"
    lines.append(f"Since {since}:" if since else "Changes:")
    lines.append("")
    for table, t in diff.tables.items():
        counts = t.counts()
        said = ", ".join(f"{n} {what}" for what, n in counts.items()) if not t.empty else "unchanged"
        withdrawn = f" ({len(t.withdrawals)} withdrawn)" if t.withdrawals else ""
        lines.append(f"- {table}: {said}{withdrawn}")
    if diff.schema:
        lines.append("- Schema: " + "; ".join(f"{c.describe()}{' (breaking)' if c.breaking else ''}"
                                              for c in diff.schema))
    lines += _incidents(diff, more)
    lines += _withdrawn(diff)
    lines += _corrected(diff, more)
    lines += _names("New documents", diff.new_documents, more)
    lines += _names("New actors", diff.new_actors, more)
    lines += _names("New outlets", diff.new_outlets, more)
    return "\n".join(lines)


def _cause(cause: ClaimCause) -> str:
    if cause.withdrawal:
        return f"`{cause.claim_id}` (withdrawn: {cause.withdrawal})"
    fields = f": {', '.join(cause.fields)}" if cause.fields else ""
    return f"`{cause.claim_id}` ({cause.change}{fields})"


def _incidents(diff: PackageDiff, more: str) -> list[str]:
    """Each incident whose figures, dates or place moved, old -> new, and why: the claims
    added, changed or withdrawn on it (or the registry, when no claim on it changed)."""
    moved = sorted(diff.incidents, key=lambda i: not any(f.field in FATALITIES for f in i.fields))
    if not moved:
        return []
    lines = ["- Incidents whose derived fields changed (old -> new), and the claims that moved them:"]
    for item in moved[:LISTED]:
        fields = ", ".join(f"{f.field} {_cell(f.old)} -> {_cell(f.new)}" for f in item.fields)
        causes = "; ".join(_cause(c) for c in item.claims[:CAUSES])
        if len(item.claims) > CAUSES:
            causes += f"; and {len(item.claims) - CAUSES} more"
        lines.append(f"  - `{item.incident_id}`: {fields}; "
                     + (f"moved by {causes}" if causes else "from the incident registry"))
    if len(moved) > LISTED:
        lines.append(f"  - and {len(moved) - LISTED} more ({more})")
    return lines


def _withdrawn(diff: PackageDiff) -> list[str]:
    rows = [(table, key, reason) for table, t in diff.tables.items() for key, reason in sorted(t.withdrawals.items())]
    return [f"- Withdrawn from {table}: `{key}`: {reason}" for table, key, reason in rows]


def _corrected(diff: PackageDiff, more: str) -> list[str]:
    """Rows of both versions whose cells changed, with the fields (the CHANGELOG says why);
    an incident's derived fields are left out, the list above has them."""
    lines = []
    for table, t in diff.tables.items():
        rows = [(row.key, [f.field for f in row.fields if table != "incidents" or f.field not in DERIVED])
                for row in t.changed]
        rows = [(key, fields) for key, fields in rows if fields]
        if not rows:
            continue
        listed = "; ".join(f"`{key}` ({', '.join(fields)})" for key, fields in rows[:LISTED])
        extra = f"; and {len(rows) - LISTED} more ({more})" if len(rows) > LISTED else ""
        lines.append(f"- Changed in {table}: {listed}{extra}")
    return lines


def release_notes(unreleased_text: str, summary: str) -> str:
    """The notes of a release: what the changelog says, then the data summary."""
    return "\n\n".join(part for part in (unreleased_text.strip(), summary.strip()) if part) + "\n"


def heading(version: str, day: date) -> str:
    return f"## {version} — {day.isoformat()}"


def rewrite(text: str, version: str, day: date, notes: str) -> str:
    """The changelog with the Unreleased section's text replaced by the release's notes under
    its dated heading, and a fresh empty "## Unreleased" above it."""
    if released(text, version):
        raise ChangelogError(f"{paths.CHANGELOG} already has a section for {version}")
    section = _unreleased(text)
    rest = text[section.end:]
    return (f"{text[:section.start]}## {UNRELEASED}\n\n{heading(version, day)}\n\n{notes.strip()}\n"
            + (f"\n{rest}" if rest else ""))
