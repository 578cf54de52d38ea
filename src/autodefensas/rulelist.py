"""`autodefensas rules`: the rule catalogue for people (text) or programs (JSON)."""

from __future__ import annotations

import dataclasses
import json

from .report.catalogue import LAYERS, catalogue


def list_rules(layer: str | None = None, fmt: str = "text") -> str:
    if layer is not None and layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}; layers are {', '.join(LAYERS)}")
    if fmt not in ("text", "json"):
        raise ValueError(f"unknown format {fmt!r}; formats are text, json")
    rules = [r for r in catalogue().values() if layer is None or r.layer == layer]
    if fmt == "json":
        return json.dumps([dataclasses.asdict(r) for r in rules], indent=2, ensure_ascii=False)
    lines = []
    for r in rules:
        lines += [f"{r.id} ({r.severity}): {r.title}", f"    {r.meaning}", f"    fix: {r.fix}"]
    return "\n".join(lines)
