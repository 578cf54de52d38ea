"""A PackageDiff as text (a terminal), markdown (a pull request's job summary) or JSON.

The JSON shape (every cell a string as published, "" for an empty cell):

    {"base": label, "head": label, "identical": bool,
     "counts": {table: {"added": n, "removed": n, "changed": n}},
     "schema": [{"table", "kind", "field", "old", "new", "breaking"}],
     "tables": {table: {"primary_key": [field, ...],
                        "added": [{"key", "row": {field: cell}}],
                        "removed": [{"key", "row": {field: cell}, "withdrawal": reason or null}],
                        "changed": [{"key", "fields": [{"field", "old", "new"}]}]}},
     "incidents": [{"incident_id", "fields": [{"field", "old", "new"}],
                    "claims": [{"claim_id", "change", "claim_type", "value", "fields", "withdrawal"}]}],
     "new": {"documents" | "actors" | "outlets": [{"id", "name"}]}}

schema kinds: field_added, field_removed, field_renamed (old is the old name), type_changed,
enum_value_added, enum_value_removed, constraint_changed, primary_key_changed; "breaking"
marks those a user's code may not survive. Text and markdown show long cells by their
changed words and list at most `limit` rows per table and change; JSON holds everything.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from .compute import ClaimCause, FieldChange, PackageDiff, describe_value
from .shorten import shorten, shorten_pair

FORMATS = ("text", "markdown", "json")
LIMIT = 200


def format_diff(result: PackageDiff, fmt: str = "text", limit: int = LIMIT) -> str:
    if fmt == "json":
        return to_json(result)
    if fmt == "markdown":
        return to_markdown(result, limit)
    if fmt == "text":
        return to_text(result, limit)
    raise ValueError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")


def to_dict(result: PackageDiff) -> dict:
    return {
        "base": result.base, "head": result.head, "identical": result.identical, "counts": result.counts(),
        "schema": [{**asdict(c), "breaking": c.breaking} for c in result.schema],
        "tables": {name: {"primary_key": t.primary_key,
                          "added": [{"key": k, "row": row} for k, row in t.added.items()],
                          "removed": [{"key": k, "row": row, "withdrawal": t.withdrawals.get(k)}
                                      for k, row in t.removed.items()],
                          "changed": [{"key": c.key, "fields": [asdict(f) for f in c.fields]} for c in t.changed]}
                   for name, t in result.tables.items()},
        "incidents": [{"incident_id": i.incident_id, "fields": [asdict(f) for f in i.fields],
                       "claims": [{**asdict(c), "fields": list(c.fields)} for c in i.claims]}
                      for i in result.incidents],
        "new": {"documents": [asdict(n) for n in result.new_documents],
                "actors": [asdict(n) for n in result.new_actors],
                "outlets": [asdict(n) for n in result.new_outlets]},
    }


def to_json(result: PackageDiff) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=2)


def _cell(value: str) -> str:
    return value if value != "" else "(empty)"


def _pair(change: FieldChange) -> tuple[str, str]:
    old, new = shorten_pair(change.old, change.new)
    return _cell(old), _cell(new)


def _cause(cause: ClaimCause) -> str:
    said = f"{cause.claim_id}: {cause.claim_type} {cause.value}".rstrip()
    if cause.fields:
        said += f" (changed: {', '.join(cause.fields)})"
    if cause.withdrawal:
        said += f" (withdrawn: {cause.withdrawal})"
    return said


MARK = {"added": "+", "removed": "-", "changed": "~"}


def _more(total: int, limit: int, prefix: str = "") -> list[str]:
    """The line that says how many of total were left out of a list cut at limit."""
    return [f"{prefix}... and {total - limit} more (--format json lists all)"] if total > limit else []


def to_text(result: PackageDiff, limit: int = LIMIT) -> str:
    lines = [f"diff {result.base} -> {result.head}"]
    if result.identical:
        return f"{lines[0]}: no changes"
    lines.append("")
    for table, counts in result.counts().items():
        lines.append(f"{table}: {counts['added']} added, {counts['removed']} removed, {counts['changed']} changed")
    if result.schema:
        lines += ["", "Schema changes:"] + [f"  {c.describe()}{' (breaking)' if c.breaking else ''}"
                                            for c in result.schema]
    for title, named in (("New documents", result.new_documents), ("New actors", result.new_actors),
                         ("New outlets", result.new_outlets)):
        if named:
            lines += ["", f"{title}:"] + [f"  {n.name} ({n.id})" for n in named[:limit]]
            lines += _more(len(named), limit, "  ")
    if result.incidents:
        lines += ["", "Incidents whose derived fields changed:"]
        for item in result.incidents[:limit]:
            lines.append(f"  {item.incident_id}")
            lines += [f"    {f.field}: {old} -> {new}" for f in item.fields for old, new in [_pair(f)]]
            if item.claims:
                lines.append("    claims that moved it:")
                lines += [f"      {MARK[c.change]} {_cause(c)}" for c in item.claims]
            else:
                lines.append("    no claim on it changed: the incident registry (or another incident's claims) did")
        lines += _more(len(result.incidents), limit, "  ")
    for table, t in result.tables.items():
        if t.empty:
            continue
        lines += ["", f"{table}:"]
        for key, row in list(t.added.items())[:limit]:
            lines.append(f"  + {key}: {shorten(_label(row, key))}")
        lines += _more(len(t.added), limit, "  ")
        for key, row in list(t.removed.items())[:limit]:
            why = t.withdrawals.get(key)
            lines.append(f"  - {key}: {shorten(_label(row, key))}" + (f" (withdrawn: {why})" if why else ""))
        lines += _more(len(t.removed), limit, "  ")
        for change in t.changed[:limit]:
            lines.append(f"  ~ {change.key}")
            lines += [f"      {f.field}: {old} -> {new}" for f in change.fields for old, new in [_pair(f)]]
        lines += _more(len(t.changed), limit, "  ")
    return "\n".join(lines)


def md(value: str) -> str:
    """A markdown table cell: pipes escaped, line breaks as spaces."""
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def to_markdown(result: PackageDiff, limit: int = LIMIT) -> str:
    out = [f"## Data changes: {md(result.base)} → {md(result.head)}", ""]
    if result.identical:
        return "\n".join(out + ["No changes."])
    out += ["| table | added | removed | changed |", "|---|---:|---:|---:|"]
    out += [f"| {t} | {c['added']} | {c['removed']} | {c['changed']} |" for t, c in result.counts().items()]
    if result.schema:
        out += ["", "### Schema changes", "", "| table | change | field | old | new |", "|---|---|---|---|---|"]
        out += [f"| {c.table} | {c.kind}{' (breaking)' if c.breaking else ''} | {md(c.field)} | {md(c.old or '')} "
                f"| {md(c.new or '')} |" for c in result.schema]
    for title, named in (("New documents", result.new_documents), ("New actors", result.new_actors),
                         ("New outlets", result.new_outlets)):
        if named:
            out += ["", f"### {title}", ""] + [f"- {md(n.name)} (`{n.id}`)" for n in named[:limit]]
            out += _more(len(named), limit, "- ")
    if result.incidents:
        out += ["", "### Incidents whose derived fields changed"]
        for item in result.incidents[:limit]:
            out += ["", f"**{md(item.incident_id)}**", "", "| field | old | new |", "|---|---|---|"]
            out += [f"| {f.field} | {md(old)} | {md(new)} |" for f in item.fields for old, new in [_pair(f)]]
            out.append("")
            if item.claims:
                # words, not +/-: "- - x" would render as a nested list
                out += ["Claims that moved it:", ""] + [f"- {c.change}: {md(_cause(c))}" for c in item.claims]
            else:
                out.append("No claim on it changed: the incident registry (or another incident's claims) did.")
        out += _more(len(result.incidents), limit, "\n")
    for table, t in result.tables.items():
        if t.empty:
            continue
        out += ["", f"### {table}", "", "| | key | field | old | new |", "|---|---|---|---|---|"]
        for key, row in list(t.added.items())[:limit]:
            out.append(f"| + | {md(key)} | | | {md(shorten(_label(row, key)))} |")
        for key, row in list(t.removed.items())[:limit]:
            why = t.withdrawals.get(key)
            out.append(f"| − | {md(key)} | | {md(shorten(_label(row, key)))} | "
                       f"{md('withdrawn: ' + why) if why else ''} |")
        for change in t.changed[:limit]:
            for i, f in enumerate(change.fields):
                old, new = _pair(f)
                out.append(f"| {'~' if i == 0 else ''} | {md(change.key) if i == 0 else ''} | {f.field} "
                           f"| {md(old)} | {md(new)} |")
        for what, n in (("added", len(t.added)), ("removed", len(t.removed)), ("changed", len(t.changed))):
            out += _more(n, limit, f"\n{what}: ")
    return "\n".join(out)


def _label(row: dict[str, str], key: str) -> str:
    """What names a row besides its key: a name, a title, a claim's type and quote."""
    for name in ("name", "title", "publisher"):
        if row.get(name):
            return row[name]
    if row.get("claim_type"):
        return f"{row['claim_type']} {describe_value(row)}: “{row.get('quote', '')}”"
    return key
