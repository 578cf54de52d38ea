"""explain(): why an incident's derived fields have the values they have.

The claims of one incident in a Version are fed, as typed rows, to the build's own
derivation (build.tables.derive_incident); its Trace says which step gave each field its
value, from which claims, and which claims each step set aside and why. Nothing here
restates a rule. With `against`, the same is done on the other version, and each field's
value before and after is shown with the added, removed or changed claims that moved it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..build.derive import DATE_FIELDS, FATALITY_FIELDS, Trace
from ..build.tables import COUNT_FIELDS, derive_incident
from ..versions import Version

# Shown as the registry gives them: the build copies them from seeds/registry/incidents.yaml.
PLACE_FIELDS = ("state_code", "municipality_code", "municipality", "locality", "latitude", "longitude",
                "geo_precision")
FIELDS = DATE_FIELDS + PLACE_FIELDS + FATALITY_FIELDS + COUNT_FIELDS


def rule_name(name: str) -> str | None:
    """Which rule text of the codebook a field (or a claim of a claim type) follows."""
    if name in FATALITY_FIELDS or name == "fatalities":
        return "fatality rule"
    if name in DATE_FIELDS or name == "date":
        return "date rule"
    return None


class UnknownIncident(LookupError):
    """No version has the incident: the message says so and suggests the closest ids."""

    def __init__(self, incident_id: str, where: str, closest: list[str]):
        self.incident_id, self.closest = incident_id, closest
        hint = f"; did you mean {', '.join(closest)}?" if closest else ""
        super().__init__(f"no incident {incident_id!r} in {where}{hint}")


@dataclass
class ClaimView:
    claim_id: str
    source_id: str
    language: str | None
    claim_type: str
    value: str  # value and qualifier as a reader says them: "at_least 7", "2015-01-06"
    claimant: str | None
    quote: str


@dataclass
class FieldView:
    field: str
    value: object  # what the derivation gives (for place fields: the registry's value)
    rule: str
    rule_name: str | None
    step: int | None
    claims: list[str]  # the claims the value comes from
    considered: list[str]  # the claims the step chose among
    published: object = None  # the value in the version's incidents table
    differs: bool = False  # the published value is not what this toolkit derives (an older build)


@dataclass
class SetAsideView:
    claim_id: str
    reason: str
    rule_name: str | None
    step: int | None
    against: list[str]


@dataclass
class ClaimChange:
    claim_id: str
    kind: str  # added | removed | changed
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)  # changed: name -> (old, new)


@dataclass
class Side:
    """One version's explanation of the incident; row None when the version lacks it."""

    label: str
    row: dict | None
    fields: list[FieldView]
    set_aside: list[SetAsideView]
    claims: dict[str, ClaimView]


@dataclass
class Change:
    field: str
    before: object
    after: object
    moved_by: list[str]  # the changed claims the derivation used before or uses now


@dataclass
class Explanation:
    incident_id: str
    title: str
    now: Side
    before: Side | None = None  # with against
    status: str = ""  # with against: "" (in both), "new" (not in against) or "gone" (only in against)
    changes: list[Change] = field(default_factory=list)
    claim_changes: list[ClaimChange] = field(default_factory=list)

    @property
    def shown(self) -> Side:
        """The side whose fields are explained: now, or before for an incident that is gone."""
        return self.before if self.status == "gone" and self.before else self.now


def explain(version: Version, incident_id: str, against: Version | None = None) -> Explanation:
    now = _side(version, incident_id)
    before = _side(against, incident_id) if against is not None else None
    if now.row is None and (before is None or before.row is None):
        ids = set(version.keyed("incidents")) | (set(against.keyed("incidents")) if against else set())
        where = version.label + (f" nor in {against.label}" if against else "")
        raise UnknownIncident(incident_id, where, closest_ids(incident_id, ids))
    title = str((now.row or (before.row if before else None) or {}).get("title") or "")
    out = Explanation(incident_id, title, now, before)
    if before is None:
        return out
    out.status = "new" if before.row is None else "gone" if now.row is None else ""
    out.claim_changes = _claim_changes(against, version, incident_id)  # type: ignore[arg-type]
    moved = {c.claim_id for c in out.claim_changes}
    old, new = {f.field: f for f in before.fields}, {f.field: f for f in now.fields}
    for name in FIELDS:
        b, a = old.get(name), new.get(name)
        if (b.value if b else None) == (a.value if a else None):
            continue
        used = {c for f in (b, a) if f for c in f.claims + f.considered}
        out.changes.append(Change(name, b.value if b else None, a.value if a else None, sorted(moved & used)))
    return out


def closest_ids(incident_id: str, ids: set[str], n: int = 5) -> list[str]:
    """Ids that contain what was typed, then the closest by difflib's ratio."""
    within = sorted(i for i in ids if incident_id.lower() in i)
    close = difflib.get_close_matches(incident_id.lower(), sorted(ids), n=n, cutoff=0.5)
    return list(dict.fromkeys(within + close))[:n]


def _side(version: Version, incident_id: str) -> Side:
    row = next((r for r in version.typed("incidents") if r["incident_id"] == incident_id), None)
    if row is None:
        return Side(version.label, None, [], [], {})
    claims = [c for c in version.typed("claims") if c.get("incident_id") == incident_id]
    trace = derive_incident(claims)
    languages = {s["source_id"]: s.get("language") for s in version.typed("sources")}
    views = {c["claim_id"]: _claim_view(c, languages.get(c["source_id"])) for c in claims}
    types = {c["claim_id"]: c["claim_type"] for c in claims}
    set_aside = [SetAsideView(str(s.ref), s.reason, rule_name(types.get(str(s.ref), "")), s.step,
                              [str(r) for r in s.against]) for s in trace.set_aside]
    return Side(version.label, row, _fields(row, trace, claims), set_aside, views)


def _fields(row: dict, trace: Trace, claims: list[dict]) -> list[FieldView]:
    located = [c["claim_id"] for c in claims if c["claim_type"] == "location"]
    out = []
    for name in FIELDS:
        if name in PLACE_FIELDS:
            out.append(FieldView(name, row.get(name), "as the incident registry gives it, beside its location claims",
                                 rule_name(name), None, located, located, row.get(name)))
            continue
        step = trace.steps[name]
        out.append(FieldView(name, step.value, step.rule, rule_name(name), step.step,
                             [str(r) for r in step.refs], [str(r) for r in step.considered],
                             row.get(name), row.get(name) != step.value))
    return out


def _claim_view(c: dict, language: str | None) -> ClaimView:
    if c["claim_type"] in ("date", "location") or c.get("value_qualifier") is None:
        value = str(c.get("value_text") or "")
    elif c["value_qualifier"] == "range":
        value = f"range {c['value_low']}-{c['value_high']}"
    elif c["value_qualifier"] == "unspecified":
        value = "unspecified"
    else:
        number = c["value_high"] if c["value_qualifier"] == "at_most" else c["value_low"]
        value = f"{c['value_qualifier']} {number}"
    if c["claim_type"] == "involved_actor":
        value = f"{c.get('actor_id')} as {c.get('role')}"
    elif c.get("actor_id"):
        value += f" ({c['actor_id']})"
    if c.get("scope") not in (None, "incident"):
        value += f" [scope: {c['scope']}]"
    claimant = " / ".join(dict.fromkeys(str(p) for p in (c.get("claimant_text"), c.get("claimant_actor_id")) if p))
    return ClaimView(c["claim_id"], c["source_id"], language, c["claim_type"], value, claimant or None,
                     c.get("quote") or "")


def _claim_changes(before: Version, after: Version, incident_id: str) -> list[ClaimChange]:
    def of(version):
        return {k: r for k, r in version.keyed("claims").items() if r.get("incident_id") == incident_id}
    old, new = of(before), of(after)
    out = [ClaimChange(k, "removed") for k in old if k not in new]
    out += [ClaimChange(k, "added") for k in new if k not in old]
    for k in old.keys() & new.keys():
        diff = {f: (old[k].get(f, ""), new[k].get(f, "")) for f in old[k].keys() | new[k].keys()
                if old[k].get(f, "") != new[k].get(f, "")}
        if diff:
            out.append(ClaimChange(k, "changed", dict(sorted(diff.items()))))
    return sorted(out, key=lambda c: c.claim_id)
