"""CITATION.cff and .zenodo.json, generated from schemas/package.json.

They state the title, keywords, licence and version the descriptor states, so that a
citation, a DOI record and the package never disagree; the release date appears once
a release has set "created".
"""

from __future__ import annotations

import json

import yaml

# Zenodo's licence ids are lower-case SPDX ids.
CITE_MESSAGE = "If you use this dataset, please cite the version you used, as below."


def _authors(metadata: dict) -> list[dict]:
    return [{"name": c["title"]} for c in metadata.get("contributors", []) if "creator" in c.get("roles", [])]


def _released(metadata: dict) -> str | None:
    created = metadata.get("created")
    return created[:10] if created else None


def make_citation(metadata: dict) -> bytes:
    cff: dict = {
        "cff-version": "1.2.0",
        "message": CITE_MESSAGE,
        "type": "dataset",
        "title": metadata["title"],
        "abstract": metadata["description"],
        "version": metadata["version"],
    }
    released = _released(metadata)
    if released:
        cff["date-released"] = released
    cff["authors"] = _authors(metadata)
    cff["license"] = metadata["licenses"][0]["name"]
    if "homepage" in metadata:
        cff["url"] = metadata["homepage"]
        cff["repository-code"] = metadata["homepage"]
    cff["keywords"] = list(metadata.get("keywords", []))
    text = yaml.safe_dump(cff, sort_keys=False, allow_unicode=True, width=1000)  # one line per value
    return ("# Generated from schemas/package.json by `autodefensas build`: edit that file, not this one.\n"
            + text).encode("utf-8")


def make_zenodo(metadata: dict) -> bytes:
    record: dict = {
        "title": metadata["title"],
        "description": metadata["description"],
        "upload_type": "dataset",
        "version": metadata["version"],
        "creators": _authors(metadata),
        "license": metadata["licenses"][0]["name"].lower(),
        "access_right": "open",
        "keywords": list(metadata.get("keywords", [])),
    }
    released = _released(metadata)
    if released:
        record["publication_date"] = released
    if "homepage" in metadata:
        record["related_identifiers"] = [{"identifier": metadata["homepage"], "relation": "isSupplementTo",
                                          "scheme": "url"}]
    return (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
