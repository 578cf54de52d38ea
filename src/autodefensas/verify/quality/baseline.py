"""The removed-rows baseline: primary keys at a git ref against the tables now.

A published ID is a name users rely on: a row may leave the tables only when
seeds/registry/withdrawn.yaml lists it (table, id, reason). That file is the
structured statement; the coding layer checks its form.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ... import paths
from ...report import Problem
from ...versions.git import git as _git


@dataclass
class Baseline:
    """Primary keys per table at the baseline ref; a warning when the check cannot run."""

    keys: dict[str, set[str]] = field(default_factory=dict)
    warning: Problem | None = None


def baseline_keys(root: Path, ref: str | None, primary_keys: dict[str, str]) -> Baseline:
    """The primary keys of data/<table>.csv at the git ref (None: no baseline)."""
    if ref is None:
        return Baseline(warning=_skipped("no baseline was given"))
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree")
    except FileNotFoundError:
        return Baseline(warning=_skipped("git is not installed"))
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        said = inside.stderr.decode("utf-8", "replace").strip().splitlines()
        if inside.returncode == 0 or not said or "not a git repository" in said[0]:
            return Baseline(warning=_skipped(f"{root.resolve()} is not in a git checkout"))
        return Baseline(warning=_skipped(f"git cannot read {root.resolve()}: {said[0]}"))
    if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        return Baseline(warning=_skipped(f"the git ref {ref!r} does not exist"))
    out, missing = Baseline(), []
    for table, key in primary_keys.items():
        # "./" makes the path relative to root, which may be below the repository's top.
        shown = _git(root, "show", f"{ref}:./{paths.csv(table)}")
        if shown.returncode != 0:
            missing.append(paths.csv(table))
            continue
        out.keys[table] = keys_of(shown.stdout, key)
    if missing:
        out.warning = _skipped(f"{', '.join(missing)} not at {ref!r}", partly=bool(out.keys))
    return out


def keys_of(data: bytes, key: str) -> set[str]:
    """The values of column key in CSV bytes (a CSV without that column gives none)."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig", errors="replace"), newline=""))
    return {row[key] for row in reader if row.get(key)}


def removed(baseline: Baseline, current: dict[str, set[str]],
            withdrawn: list[dict]) -> dict[str, tuple[list[str], list[str]]]:
    """Per table: (IDs gone since the baseline, those of them no withdrawal lists)."""
    declared = {(w.get("table"), w.get("id")) for w in withdrawn}
    out = {}
    for table, before in baseline.keys.items():
        gone = sorted(before - current.get(table, set()))
        out[table] = (gone, [key for key in gone if (table, key) not in declared])
    return out


def _skipped(why: str, partly: bool = False) -> Problem:
    what = "skipped for those tables" if partly else "skipped"
    return Problem(rule="quality.baseline-skipped", file=f"{paths.DATA}/",
                   message=f"the check of removed rows against the git baseline was {what}: {why}")
