"""An Explanation as text (a terminal), markdown (a pull request) or JSON (scripts)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable

from .explain import PLACE_FIELDS, Explanation, FieldView, Side

FORMATS = ("text", "markdown", "json")


def format_explanation(ex: Explanation, fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps(_jsonable(ex), ensure_ascii=False, indent=2, default=_value)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    md = fmt == "markdown"
    side = ex.shown
    name = _namer(ex, md)
    out = [f"## {ex.incident_id}: {ex.title}" if md else f"{ex.incident_id}: {ex.title}",
           f"As {side.label} derives it." + (_status(ex) and f" {_status(ex)}"), ""]
    if ex.before is not None:
        out += _against(ex, name, md) + [""]
    out += ["### Fields" if md else "Fields:"] + _fields(side, name, md)
    if side.set_aside:
        out += ["", "### Claims set aside" if md else "Claims set aside:"]
        out += [f"{'- ' if md else '  '}{name(s.claim_id)}: {s.reason}"
                f"{' ' + ', '.join(name(a) for a in s.against) if s.against else ''}{_rule(s.rule_name, s.step)}"
                for s in side.set_aside]
    out += ["", "### Claims" if md else "Claims:"] + _claims(ex, name, md)
    return "\n".join(out).rstrip() + "\n"


def _namer(ex: Explanation, md: bool) -> Callable[[str], str]:
    """Claims by their short id (c04) when they all come from one document, else by full id:
    short ids of two documents would read alike ("c04" of each)."""
    views = {**(ex.before.claims if ex.before else {}), **ex.now.claims}
    if len({v.source_id for v in views.values()}) > 1:
        return lambda claim_id: _code(claim_id, md)
    shorts = {k: k.removeprefix(f"{v.source_id}-") for k, v in views.items()}
    return lambda claim_id: _code(shorts.get(claim_id, claim_id), md)


def _status(ex: Explanation) -> str:
    if ex.status == "new":
        return f"New: {ex.before.label if ex.before else ''} has no such incident."
    if ex.status == "gone":
        return f"Gone: {ex.now.label} has no such incident; this is how {ex.shown.label} derived it."
    return ""


def _against(ex: Explanation, name: Callable[[str], str], md: bool) -> list[str]:
    before = ex.before.label if ex.before else ""
    out = [f"### Against {before}" if md else f"Against {before}:"]
    if not ex.changes:
        out.append(f"{'' if md else '  '}No derived field changed.")
    elif md:
        out += ["| field | before | after | moved by |", "|---|---|---|---|"]
        out += [f"| `{c.field}` | {_value(c.before)} | {_value(c.after)} | {_moved(ex, c.moved_by, c.field, name)} |"
                for c in ex.changes]
    else:
        out += [f"  {c.field}: {_value(c.before)} -> {_value(c.after)}"
                f"  (moved by {_moved(ex, c.moved_by, c.field, name)})" for c in ex.changes]
    if ex.claim_changes:
        out += ["", "Claims of the incident that changed:"]
        for c in ex.claim_changes:
            what = "; ".join(f"{k} {_cell(o)} -> {_cell(n)}" for k, (o, n) in c.fields.items())
            out.append(f"{'- ' if md else '  '}{name(c.claim_id)} {c.kind}{': ' + what if what else ''}")
    return out


def _moved(ex: Explanation, moved_by: list[str], field: str, name: Callable[[str], str]) -> str:
    kinds = {c.claim_id: c.kind for c in ex.claim_changes}
    if moved_by:
        return ", ".join(f"{name(c)} ({kinds[c]})" for c in moved_by)
    return "the incident registry entry" if field in PLACE_FIELDS else "no claim it used changed"


def _fields(side: Side, name: Callable[[str], str], md: bool) -> list[str]:
    every = set(side.claims)
    out = ["| field | value | rule | from | among |", "|---|---|---|---|---|"] if md else []
    groups: list[list[FieldView]] = []  # text: consecutive fields one step gave, told once
    for f in side.fields:
        how = (f.rule, f.rule_name, f.step, f.claims, f.considered)
        last = groups[-1][-1] if groups else None
        if md or last is None or (last.rule, last.rule_name, last.step, last.claims, last.considered) != how:
            groups.append([])
        groups[-1].append(f)
    for group in groups:
        f = group[0]
        source = _refs(f.claims, every, name)
        among = "" if set(f.considered) in (set(f.claims), every) else _refs(f.considered, every, name)
        values = [_value(g.value) + (f" (the package's table has {_value(g.published)})" if g.differs else "")
                  for g in group]
        if md:
            out.append(f"| `{f.field}` | {values[0]} | {f.rule}{_rule(f.rule_name, f.step)} | {source} | {among} |")
            continue
        out += [f"  {g.field} = {value}" for g, value in zip(group, values, strict=True)]
        out += [f"      {f.rule}{_rule(f.rule_name, f.step)}" + (f"; from {source}" if source else "")]
        out += [f"      among: {among}"] if among else []
    return out


def _claims(ex: Explanation, name: Callable[[str], str], md: bool) -> list[str]:
    side = ex.shown
    views = {**(ex.before.claims if ex.before and side is ex.now else {}), **side.claims}  # removed ones too
    out: list[str] = []
    for source_id in dict.fromkeys(c.source_id for c in views.values()):
        language = next(c.language for c in views.values() if c.source_id == source_id)
        out.append(f"{'- ' if md else '  '}{_code(source_id, md)}" + (f" ({language})" if language else ""))
        for c in (c for c in views.values() if c.source_id == source_id):
            claimant = f"; claimant: {c.claimant}" if c.claimant else ""
            gone = "" if c.claim_id in side.claims else " (removed)"
            if md:
                out.append(f"  - {name(c.claim_id)}{gone} {c.claim_type}: {c.value}{claimant}\n    > {c.quote}")
            else:
                out += [f"    {name(c.claim_id)}{gone}  {c.claim_type}: {c.value}{claimant}", f"        “{c.quote}”"]
    return out


def _refs(refs: list[str], every: set[str], name: Callable[[str], str]) -> str:
    if not refs:
        return ""
    if set(refs) == every and len(refs) > 1:
        return f"all {len(refs)} claims below"
    return ", ".join(name(r) for r in refs)


def _rule(name: str | None, step: int | None) -> str:
    if name is None:
        return ""
    return f" ({name}, step {step})" if step is not None else f" ({name})"


def _code(text: str, md: bool) -> str:
    return f"`{text}`" if md else text


def _value(value: object) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _cell(text: str) -> str:
    return "(empty)" if text == "" else text


def _jsonable(ex: Explanation) -> dict:
    data = dataclasses.asdict(ex)
    data["shown"] = "before" if ex.shown is ex.before and ex.status == "gone" else "now"
    return data
