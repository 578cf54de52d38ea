"""datapackage.json: package metadata from schemas/package.json plus the resources."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from .. import paths
from .texts import sha256

UNKNOWN_PUBLISHER = "Publisher not identified"


def make_descriptor(metadata: dict, schemas: dict, csv_files: dict[str, bytes],
                    documents: list[dict]) -> bytes:
    """The package descriptor: valid against the Data Package v2 profiles, readable by
    frictionless-py and R's frictionless.

    Each resource carries its Table Schema inline (generated from schemas/<table>.json,
    still the one source of truth), so that a copy of the descriptor stays whole
    wherever it goes: R's write_package() copies resources but not schema files.
    bytes and hash make a changed CSV detectable by any reader.
    """
    descriptor = dict(metadata)
    descriptor["sources"] = _sources(documents)
    descriptor["resources"] = []
    for name in paths.TABLES:
        data = csv_files[paths.csv(name)]
        descriptor["resources"].append({
            "name": name,
            "type": "table",
            # v2 says "type"; R's frictionless reads a resource only with this v1 profile.
            "profile": "tabular-data-resource",
            "path": paths.csv(name),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": schemas[name].descriptor["description"],
            "schema": schemas[name].descriptor,
            "bytes": len(data),
            "hash": f"sha256:{sha256(data)}",
        })
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _sources(documents: list[dict]) -> list[dict]:
    """One entry per publisher (not per document: the sources table lists those, so the
    descriptor stays small however many articles the dataset holds), with the site its
    articles share as path, or a note saying where they are listed."""
    by_publisher: dict[str, list[dict]] = {}
    for d in documents:
        by_publisher.setdefault(d.get("publisher") or UNKNOWN_PUBLISHER, []).append(d)
    entries = []
    for publisher, docs in sorted(by_publisher.items()):
        entry = {"title": f"{publisher} ({len(docs)} article{'s' if len(docs) != 1 else ''})"}
        sites = {_site(d.get("url") or "") for d in docs}
        if len(sites) == 1 and "" not in sites:
            entry["path"] = sites.pop()
        else:
            entry["note"] = ("the articles are rows of the sources table (role document), with their "
                             "titles, dates, URLs where known and text files")
        entries.append(entry)
    return entries


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme in ("http", "https") and parts.netloc else ""
