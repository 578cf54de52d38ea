"""datapackage.json: package metadata from schemas/package.json plus the resources."""

from __future__ import annotations

import json

from .. import paths
from .texts import sha256


def make_descriptor(metadata: dict, schemas: dict, csv_files: dict[str, bytes],
                    documents: list[dict]) -> bytes:
    """The package descriptor: readable by frictionless-py (v2) and R's frictionless.

    Resources reference their hand-written schema by path, so schemas/ stays the one
    source of truth; bytes and hash make a changed CSV detectable by any reader.
    """
    descriptor = dict(metadata)
    # One entry per publisher (not per document: the sources table lists those), so the
    # descriptor stays small however many articles the dataset holds.
    counts: dict[str, int] = {}
    for d in documents:
        publisher = d.get("publisher") or "Publisher not identified"
        counts[publisher] = counts.get(publisher, 0) + 1
    descriptor["sources"] = [{"title": f"{publisher} ({n} article{'s' if n != 1 else ''})"}
                             for publisher, n in sorted(counts.items())]
    descriptor["resources"] = []
    for name in paths.TABLES:
        data = csv_files[paths.csv(name)]
        descriptor["resources"].append({
            "name": name,
            "type": "table",
            "profile": "tabular-data-resource",
            "path": paths.csv(name),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": schemas[name].descriptor["description"],
            "schema": paths.schema(name),
            "bytes": len(data),
            "hash": f"sha256:{sha256(data)}",
        })
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
