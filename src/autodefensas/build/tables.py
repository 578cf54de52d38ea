"""The four tables as lists of row dicts, made from a checked Coding."""

from __future__ import annotations

from ..tableschema.dates import parse_date_value
from .derive import Figure, Trace, trace_dates, trace_fatalities
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
    return {**registered, **derive_incident(claims).row()}


COUNT_FIELDS = ("n_sources", "n_claims")


def derive_incident(claims: list[dict]) -> Trace:
    """The derived fields of one incident from its claim rows (as the build makes them, or a
    version's typed rows), each with the step that gave it; refs are claim ids."""
    dates = trace_dates((c["claim_id"], parse_date_value(c["value_text"]))
                        for c in claims if c["claim_type"] == "date")
    fatalities = trace_fatalities(
        Figure(c["source_id"], c.get("claimant_actor_id") or c.get("claimant_text"), c.get("actor_id"),
               c["value_low"], c["value_high"], c["value_qualifier"], c["scope"], c["claim_id"],
               c.get("cited_source_id"))
        for c in claims if c["claim_type"] == "fatalities")
    counts = Trace()
    every = [c["claim_id"] for c in claims]
    counts.give("n_sources", len({c["source_id"] for c in claims}), None, "documents with a claim on the incident",
                every, every)
    counts.give("n_claims", len(claims), None, "claims on the incident", every, every)
    return dates.merge(fatalities).merge(counts)
