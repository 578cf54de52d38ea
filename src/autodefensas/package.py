"""datapackage.json: package metadata from schemas/package.json plus the resources."""

from __future__ import annotations

import json

from .schema import TABLES
from .texts import sha256

DATA_DIR = "data"
DESCRIPTOR = "datapackage.json"


def make_descriptor(metadata: dict, schemas: dict, csv_files: dict[str, bytes],
                    documents: list[dict]) -> bytes:
    """The package descriptor: readable by frictionless-py (v2) and R's frictionless.

    Resources reference their hand-written schema by path, so schemas/ stays the one
    source of truth; bytes and hash make a changed CSV detectable by any reader.
    """
    descriptor = dict(metadata)
    descriptor["sources"] = [
        {"title": f"{d.get('publisher') or 'Publisher not identified'}, {d['published_date'].isoformat()}"
                  + (f": {d['title']}" if d.get("title") else ""),
         "path": d["text_path"]}
        for d in sorted(documents, key=lambda d: d["source_id"])
    ]
    descriptor["resources"] = []
    for name in TABLES:
        data = csv_files[f"{DATA_DIR}/{name}.csv"]
        descriptor["resources"].append({
            "name": name,
            "type": "table",
            "profile": "tabular-data-resource",
            "path": f"{DATA_DIR}/{name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": schemas[name].descriptor["description"],
            "schema": f"schemas/{name}.json",
            "bytes": len(data),
            "hash": f"sha256:{sha256(data)}",
        })
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
