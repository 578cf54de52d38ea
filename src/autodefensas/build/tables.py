"""The four tables as lists of row dicts, made from a checked Coding."""

from __future__ import annotations

from ..tableschema.dates import parse_date_value
from .derive import Figure, derive_dates, derive_fatalities
from .records import Coding


def make_tables(coding: Coding) -> dict[str, list[dict]]:
    claims = [claim.row for document in coding.documents for claim in document.claims]
    sources = [{**r.row, "role": "cited_outlet"} for r in coding.outlets]
    sources += [{**d.source.row, "role": "document"} for d in coding.documents]
    by_incident: dict[str, list[dict]] = {}
    for claim in claims:
        if claim.get("incident_id"):
            by_incident.setdefault(claim["incident_id"], []).append(claim)
    return {
        "sources": sources,
        "actors": [r.row for r in coding.actors],
        "incidents": [_incident(r.row, by_incident.get(r.row["incident_id"], [])) for r in coding.incidents],
        "claims": claims,
    }


def _incident(registered: dict, claims: list[dict]) -> dict:
    start, end, precision = derive_dates(
        parse_date_value(c["value_text"]) for c in claims if c["claim_type"] == "date")
    low, best, high, high_open = derive_fatalities(
        Figure(c["source_id"], c.get("claimant_actor_id") or c.get("claimant_text"), c.get("actor_id"),
               c["value_low"], c["value_high"], c["value_qualifier"], c["scope"])
        for c in claims if c["claim_type"] == "fatalities")
    return {
        **registered,
        "date_start": start, "date_end": end, "date_precision": precision,
        "fatalities_low": low, "fatalities_best": best, "fatalities_high": high,
        "fatalities_high_open": high_open,
        "n_sources": len({c["source_id"] for c in claims}),
        "n_claims": len(claims),
    }
