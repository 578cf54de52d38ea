"""A Report as text (for people), JSON (for programs) or GitHub workflow annotations."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .report import Report

FORMATS = ("text", "json", "github")


def render(report: Report, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    return {"text": text, "json": as_json, "github": github}[fmt](report)


def text(report: Report) -> str:
    shown, hidden = report.listed()
    lines = []
    for p in shown:
        lines.append(f"{p.location()}: {p.severity} [{p.rule}] {p.message}")
        if p.hint:
            lines.append(f"    fix: {p.hint}")
    lines += [f"{file}: {n} more [{rule}] problem(s) not listed" for rule, file, n in hidden]
    lines.append(report.summary())
    return "\n".join(lines)


def as_json(report: Report) -> str:
    shown, hidden = report.listed()
    counts = report.counts()
    layers = [{"name": run.name, "status": run.status, "seconds": round(run.seconds, 3),
               "errors": sum(1 for p in report.problems if p.layer == run.name and p.severity == "error"),
               "warnings": sum(1 for p in report.problems if p.layer == run.name and p.severity == "warning")}
              for run in report.runs]
    return json.dumps({
        "ok": report.ok, "summary": report.summary(), "layers": layers, "counts": counts,
        "problems": [p.to_dict() for p in shown],
        "not_listed": [{"rule": rule, "file": file, "count": n} for rule, file, n in hidden],
    }, indent=2, ensure_ascii=False)


def github(report: Report) -> str:
    """One ::error / ::warning workflow command per listed problem, then the summary."""
    shown, hidden = report.listed()
    lines = []
    for p in shown:
        props = f"file={_escape(p.file, True)}"
        if p.line:
            props += f",line={p.line}"
        props += f",title={_escape(p.rule, True)}"
        message = p.message + (f" (fix: {p.hint})" if p.hint else "")
        lines.append(f"::{p.severity} {props}::{_escape(message)}")
    lines += [f"::notice file={_escape(file, True)}::{n} more {rule} problem(s) not listed"
              for rule, file, n in hidden]
    lines.append(report.summary())
    return "\n".join(lines)


def _escape(value: str, property_value: bool = False) -> str:
    """Escape a workflow command's data (and, for properties, ',' and ':')."""
    value = str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value
