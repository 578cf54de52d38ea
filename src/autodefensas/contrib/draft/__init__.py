"""`autodefensas draft`: a first coding sheet for a new article, every claim a proposal.

draft() checks the input and writes seeds/<source_id>.yaml (never over an existing one);
make_draft() is the pure part (text in, sheet out) that tests and scripts/recall.py use.
The steps, one module each: source (the source block), figures, dates, places, outlets
(cited outlets, claimants, hedges), incidents (from find) and sheet (the YAML).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ... import paths
from ...build.yamlio import YamlError, load_yaml
from ...tableschema.gazetteer import Gazetteer
from .dates import propose_dates
from .figures import propose_figures
from .incidents import match_incidents
from .outlets import Attribution, Outlet, attribute
from .places import propose_places
from .proposal import Proposal, sentence_at, sentences
from .sheet import write_sheet
from .source import DraftError, Source, in_seeds, make_source, parse_published, read_text

__all__ = ["Draft", "DraftError", "draft", "make_draft", "summary"]


@dataclass
class Draft:
    source: Source
    proposals: list[Proposal]
    new_outlets: dict[str, dict] = field(default_factory=dict)
    new_incident: str | None = None  # a proposed incident_id when find matched nothing
    sheet: str = ""
    path: Path | None = None  # where it was written (None: stdout)


def make_draft(source_id: str, text: str, published: dt.date, publisher: str | None,
               gazetteer: Gazetteer | None, outlets: list[Outlet]) -> Draft:
    """The draft of one text: the source block and every proposed claim, without incidents."""
    source = make_source(source_id, text, published, publisher)
    cut = sentences(text)
    proposals = _drop_headline_repeats(text, propose_figures(text, source.language, cut))
    proposals += propose_dates(text, source.language, cut, published)
    proposals += propose_places(text, cut, gazetteer)
    new_outlets: dict[str, dict] = {}
    said: dict[int, Attribution] = {}
    for p in proposals:
        sentence = sentence_at(cut, p.start)
        if sentence.start not in said:
            said[sentence.start] = attribute(sentence.text, source.language, outlets, publisher)
        _attribute(p, said[sentence.start], new_outlets)
    return Draft(source, proposals, new_outlets)


def _drop_headline_repeats(text: str, proposals: list[Proposal]) -> list[Proposal]:
    """A headline's figure that the body states again is proposed once, from the body."""
    end = text.find("\n")
    body = {(p.claim_type, str(p.value)) for p in proposals if p.start > end}
    return [p for p in proposals if p.start > end or end < 0 or (p.claim_type, str(p.value)) not in body]


def _attribute(p: Proposal, said: Attribution, new_outlets: dict[str, dict]) -> None:
    if said.cited is not None:
        if said.cited.source_id:
            p.cited_source_id = said.cited.source_id
            p.why.append(f"cited outlet {said.cited.source_id}: '{said.cited.words}'")
        else:
            slug = re.sub(r"[^a-z0-9]+", "-", _ascii(said.cited.name).lower()).strip("-")
            new_outlets.setdefault(slug, {"source_id": slug, "publisher": said.cited.name,
                                          "note": f"Cited as \"{said.cited.name}\" (\"{said.cited.words}\")."})
            p.why.append(f"cites '{said.cited.name}', not in the outlets registry: see the entry proposed at the "
                         f"end, then set cited_source_id: {slug}")
    if said.claimant:
        p.claimant_text = said.claimant
        p.why.append(f"claimant: '{said.claimant_words}'")
    if said.hedge:
        if said.hedge.lower() in p.quote.lower():
            p.hedged = True
            p.why.append(f"hedged: '{said.hedge}'")
        else:
            p.why.append(f"the sentence says '{said.hedge}': set hedged: true if it hedges this claim")


def _ascii(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def read_outlets(root: Path) -> list[Outlet]:
    path = root / paths.registry("outlets")
    try:
        data = load_yaml(path) if path.is_file() else None
    except YamlError:
        return []
    entries = data.get("outlets") if isinstance(data, dict) else None
    return [Outlet(str(e["source_id"]), str(e["publisher"])) for e in entries or []
            if isinstance(e, dict) and e.get("source_id") and e.get("publisher")]


def read_gazetteer(root: Path) -> Gazetteer | None:
    from ...tableschema import load_schemas

    return load_schemas(root).gazetteer


def draft(root: Path | str, text_path: Path | str, published: str, publisher: str | None = None,
          output: Path | str | None = None) -> Draft:
    """Draft seeds/<source_id>.yaml from seeds/<source_id>.txt (or to output; "-": returned
    only, for stdout). Never overwrites a sheet; raises DraftError on bad input."""
    root = paths.check_root(root)
    text_path = Path(text_path)
    day = parse_published(published)
    source_id, text = read_text(text_path)
    if output is None:
        in_seeds(root, text_path)
        target: Path | None = root / paths.sheet(source_id)
    else:
        target = None if str(output) == "-" else Path(output)
    if target is not None and (target.exists() or target.is_symlink()):
        raise DraftError(f"{target} exists: draft never overwrites a sheet. Draft elsewhere with --output "
                         f"other.yaml (or --output - to print it), or remove {target} first")
    gazetteer = read_gazetteer(root)
    result = make_draft(source_id, text, day, publisher, gazetteer, read_outlets(root))
    _, result.new_incident = match_incidents(root, result.proposals, gazetteer, day)
    result.sheet = write_sheet(result.source, result.proposals, result.new_outlets, None)
    if target is not None:
        with open(target, "x", encoding="utf-8", newline="\n") as f:  # "x": never over a sheet made meanwhile
            f.write(result.sheet)
        result.path = target
    return result


def summary(result: Draft) -> str:
    """What draft did and what the reviewer does next, for the command's output."""
    kinds = [sum(p.kind == k for p in result.proposals) for k in ("figure", "date", "location")]
    where = f"Wrote {result.path.as_posix()}" if result.path else "Printed the sheet above (not saved)"
    lines = [f"{where}: {len(result.proposals)} proposed claims ({kinds[0]} figures, {kinds[1]} dates, "
             f"{kinds[2]} places), each marked draft: true.",
             "Review each against the text, set its incident_id, add involved_actor claims, then delete its "
             "`draft: true` line; build and verify refuse the sheet until then."]
    if result.new_outlets:
        lines.append(f"{len(result.new_outlets)} cited outlet(s) are not in the registry: the sheet ends with "
                     "entries to paste into seeds/registry/outlets.yaml.")
    if result.new_incident:
        lines += ["No existing incident matches; if it is a new event, add to seeds/registry/incidents.yaml:",
                  *new_incident_entry(result)]
    return "\n".join(lines)


def new_incident_entry(result: Draft) -> list[str]:
    """A registry entry to paste for the event the draft found no incident for."""
    figures = {p.claim_type for p in result.proposals if p.kind == "figure"}
    event_type = next((e for t, e in (("abducted", "abduction"), ("people_detained", "detention"),
                                      ("fatalities", "armed_clash"), ("injuries", "armed_clash"),
                                      ("arrests", "arrest")) if t in figures), "armed_clash")
    place = next((p.value_text for p in result.proposals if p.kind == "location"), None) or ""
    parts = [x.strip() for x in place.split(",")] if place else []
    return [f"  - incident_id: {result.new_incident}",
            f"    title: {result.source.title or 'what happened, where'}",
            f"    event_type: {event_type}  # check schemas/event_types.json",
            "    state_code: MX-XXX  # the state's ISO code",
            f"    municipality: {parts[-2] if len(parts) > 1 else 'null'}",
            "    municipality_code: null  # INEGI's, from schemas/gazetteer.csv",
            "    locality: null", "    latitude: null", "    longitude: null",
            f"    geo_precision: {'municipality' if len(parts) > 1 else 'state'}",
            "    summary: >-", "      What happened, when and where, in two sentences."]
