"""Synthetic packages for tests and benchmarks: N incidents, 3N claims, documents with
texts, actors and cited outlets, valid under every layer and reproducible from a seed.

generate() makes the coding (registries, sheets, texts) as a contributor would write
it. write_package() turns it into a package through the build's own code path:
with yaml=True it writes seeds/ (YAML sheets and registries) and runs build() on it,
the whole path; otherwise (for large N, where reading YAML would dominate) it feeds
the same records to the build from the coding onwards (quote resolution, derivation,
CSV writing, descriptor), and seeds/ holds the texts only.

inject() (inject.py) then breaks a built package at known rows, the way a hand edit would, and
returns what it broke, so that tests can assert that every error is reported.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import paths
from ..build import Build, make_build, write_files
from ..build.publish import publish
from ..build.records import Coding, Document, Record
from ..build.resolve import resolve_claim
from ..build.tables import make_tables
from ..build.texts import sha256
from ..tableschema import Schemas, load_schemas

CLAIMS_PER_INCIDENT = 3
INCIDENTS_PER_DOCUMENT = 10
PLACES = ["Apatzingán", "Parácuaro", "Múgica", "Buenavista", "Tepalcatepec", "Aguililla", "Iguala",
          "Ayutla de los Libres", "Tecoanapa", "Chilapa"]
CATEGORIES = ["state_security", "self_defense_group", "community_police", "criminal_group", "armed_civilians"]
EVENT_TYPES = ["armed_clash", "attack", "arrest", "blockade", "detention", "occupation"]
QUALIFIERS = ["exact", "at_least", "about", "range"]
# Incidents fall on random days from 2000, in one of the first MUNICIPALITIES real
# municipalities of their state (schemas/gazetteer.csv: the place checks hold synthetic
# registries to the gazetteer too). Michoacán and Guerrero have more than 80 each.
DAYS, MUNICIPALITIES = 7000, 80


@dataclass
class Synthetic:
    outlets: list[dict] = field(default_factory=list)
    actors: list[dict] = field(default_factory=list)
    incidents: list[dict] = field(default_factory=list)
    documents: list[tuple[dict, str, list[dict]]] = field(default_factory=list)  # (source, text, claims)


def generate(n_incidents: int, seed: int = 0, states: list[dict] | None = None) -> Synthetic:
    """The coding of n_incidents synthetic incidents, reproducible from seed."""
    rng = random.Random(seed)
    states = states or [{"state_code": "MX-MIC", "inegi_code": "16"}, {"state_code": "MX-GRO", "inegi_code": "12"}]
    places = _municipalities([s["state_code"] for s in states])
    out = Synthetic()
    out.outlets = [{"source_id": f"outlet-{i:03d}", "publisher": f"Outlet {i}", "language": "es"}
                   for i in range(20)]
    n_actors = max(20, n_incidents // 100)
    out.actors = [{"actor_id": f"actor-{i:06d}", "name": f"Grupo {i} de {rng.choice(PLACES)}",
                   "kind": "organization", "category": rng.choice(CATEGORIES),
                   "aliases": [f"G{i}"], "description": "A synthetic actor."}
                  for i in range(n_actors)]
    start = dt.date(2000, 1, 1)
    n_documents = max(1, -(-n_incidents // INCIDENTS_PER_DOCUMENT))
    sentences: list[list[str]] = [[] for _ in range(n_documents)]
    claims: list[list[dict]] = [[] for _ in range(n_documents)]
    latest = [start] * n_documents
    # One incident per (state, municipality, day): random ones would share a day and a place by
    # chance (hundreds of pairs at 100,000 incidents), each a likely duplicate for verify.
    taken = bytearray(len(states) * DAYS * MUNICIPALITIES)
    for i in range(n_incidents):
        offset, s = rng.randrange(DAYS), rng.randrange(len(states))
        state, number = states[s], rng.randrange(MUNICIPALITIES)
        offset, number = _free_cell(taken, s, offset, number)
        day = start + dt.timedelta(days=offset)
        municipality, place = places[state["state_code"]][number]
        incident_id = f"{day.isoformat()}-synthetic-{i:07d}"
        out.incidents.append({
            "incident_id": incident_id, "title": f"Synthetic incident {i} in {place}",
            "event_type": rng.choice(EVENT_TYPES), "state_code": state["state_code"],
            "municipality_code": municipality, "municipality": place, "locality": None,
            "latitude": None, "longitude": None, "geo_precision": "municipality",
            "summary": f"A synthetic incident ({i}) for tests and benchmarks.",
        })
        doc = i // INCIDENTS_PER_DOCUMENT
        other = (doc + 1) % n_documents if rng.random() < 0.1 else doc  # some incidents in two documents
        actor = rng.choice(out.actors)["actor_id"]
        qualifier = rng.choice(QUALIFIERS)
        dead = rng.randrange(0, 40)
        most = dead + rng.randrange(1, 10)
        value: list[int] | int = [dead, most] if qualifier == "range" else dead
        said = {"exact": f"{dead} people died", "at_least": f"at least {dead} people died",
                "about": f"about {dead} people died", "range": f"between {dead} and {most} people died"}
        facts = [
            (doc, f"Incident {i} took place in {place} on {day:%d %B %Y}",
             {"claim_type": "date", "value_text": day.isoformat()}),
            (doc, f"{actor} took part in incident {i}",
             {"claim_type": "involved_actor", "actor_id": actor, "role": "combatant"}),
            (other, f"in incident {i}, {said[qualifier]}",
             {"claim_type": "fatalities", "value": value, "value_qualifier": qualifier,
              "cited_source_id": rng.choice(out.outlets)["source_id"], "claimant_text": "residents"}),
        ]
        for d, quote, claim in facts:
            sentences[d].append(quote + ".")
            claims[d].append({"id": f"c{len(claims[d]) + 1:03d}", "incident_id": incident_id,
                              "hedged": False, "quote": quote + ".", **claim})
            latest[d] = max(latest[d], day)
    for d in range(n_documents):
        published = latest[d] + dt.timedelta(days=1)
        source_id = f"synthetic-{published.isoformat()}-{d:06d}"
        text = "Synthetic report. " + " ".join(sentences[d]) + "\n"
        source = {"source_id": source_id, "publisher": "Synthetic Press", "title": None,
                  "published_date": published, "published_date_basis": "stated",
                  "published_date_note": "Synthetic.", "url": None, "language": "en",
                  "rights": "Synthetic text, no rights reserved.", "text_sha256": sha256(text.encode("utf-8"))}
        out.documents.append((source, text, claims[d]))
    return out


def _free_cell(taken: bytearray, state: int, day: int, number: int) -> tuple[int, int]:
    """The first free (day, municipality) of state from (day, number) on, marked taken; when
    every cell is taken (over 1.1 million incidents in two states), (day, number) itself."""
    for step in range(DAYS * MUNICIPALITIES):
        d, n = divmod(day * MUNICIPALITIES + number + step, MUNICIPALITIES)
        cell = (state * DAYS + d % DAYS) * MUNICIPALITIES + n
        if not taken[cell]:
            taken[cell] = 1
            return d % DAYS, n
    return day, number


def _schemas_dir() -> Path:
    """The project's schemas/ (the synthetic package follows the same contract)."""
    here = Path(__file__).resolve().parents[1]
    for candidate in (here / "_package" / paths.SCHEMAS, here.parents[1] / paths.SCHEMAS):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the project's schemas/ were not found")


def _copy_schemas(root: Path) -> Schemas:
    shutil.copytree(_schemas_dir(), root / paths.SCHEMAS, dirs_exist_ok=True)
    return load_schemas(root)


def _municipalities(state_codes: list[str]) -> dict[str, list[tuple[str, str]]]:
    """(INEGI code, name) of the first MUNICIPALITIES municipalities of each state, by code."""
    gazetteer = load_schemas(_schemas_dir().parent).gazetteer
    if gazetteer is None:
        raise FileNotFoundError("the project's schemas/gazetteer.csv could not be read")
    out = {code: sorted((m.code, m.name) for m in gazetteer.municipalities.values() if m.state_code == code)
           [:MUNICIPALITIES] for code in state_codes}
    short = [code for code, found in out.items() if len(found) < MUNICIPALITIES]
    if short:
        raise ValueError(f"synthetic incidents need {MUNICIPALITIES} municipalities per state; {short} have fewer")
    return out


def _yaml_dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def write_package(root: Path | str, synthetic: Synthetic, yaml_seeds: bool = False) -> Build | None:
    """Write seeds/ and build data/, datapackage.json and docs/ under root."""
    root = Path(root)
    (root / "seeds" / "registry").mkdir(parents=True, exist_ok=True)
    schemas = _copy_schemas(root)
    for source, text, _ in synthetic.documents:
        (root / "seeds" / f"{source['source_id']}.txt").write_bytes(text.encode("utf-8"))
    if yaml_seeds:
        for name, items in (("outlets", synthetic.outlets), ("actors", synthetic.actors),
                            ("incidents", synthetic.incidents)):
            (root / "seeds" / "registry" / f"{name}.yaml").write_text(_yaml_dump({name: items}), "utf-8")
        for source, _, claims in synthetic.documents:
            (root / "seeds" / f"{source['source_id']}.yaml").write_text(
                _yaml_dump({"source": source, "claims": claims}), "utf-8")
        built = make_build(root)
        if built.report.ok:
            write_files(root, built.files)
        return built
    coding = Coding(
        outlets=[Record(dict(o), "seeds/registry/outlets.yaml", i + 1) for i, o in enumerate(synthetic.outlets)],
        actors=[Record({**a, "aliases": "; ".join(a["aliases"])}, "seeds/registry/actors.yaml", i + 1)
                for i, a in enumerate(synthetic.actors)],
        incidents=[Record(dict(r), "seeds/registry/incidents.yaml", i + 1)
                   for i, r in enumerate(synthetic.incidents)],
    )
    for source, text, claims in synthetic.documents:
        sheet = f"seeds/{source['source_id']}.yaml"
        record = Record({**source, "text_path": f"seeds/{source['source_id']}.txt", "text_chars": len(text)},
                        sheet, 1)
        resolved = []
        for line, claim in enumerate(claims, start=2):
            record_claim = Record(dict(claim), sheet, line)
            if not resolve_claim(coding, record_claim, source["source_id"], text):
                raise ValueError(f"synthetic claim does not resolve: {coding.problems[-1]}")
            resolved.append(record_claim)
        coding.documents.append(Document(record, text, resolved))
    write_files(root, publish(make_tables(coding), schemas))
    return None


