"""How good are the drafts: draft every sheet of a dataset folder and compare with its hand coding.

    python scripts/recall.py [SEEDS_DIR ...]   (default: seeds/ and the held-out sets A and B)

Figure claims are matched by (claim_type, value), each hand claim at most once: recall is the
share of hand-coded figures the draft proposes, precision the share of drafted figures the hand
coding has; qualifier accuracy is over the matched ones. Dates (value_text), places (the state
and municipality of a location) and cited outlets are compared as sets per text. The gazetteer
is the repository's; a folder's own registry/outlets.yaml is used when it has one.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

from autodefensas.build.keys import FIGURE_TYPES
from autodefensas.contrib.draft import make_draft, read_gazetteer, read_outlets
from autodefensas.tableschema.gazetteer import fold

REPO = Path(__file__).resolve().parent.parent


def _place(value: str) -> tuple[str, ...]:
    parts = [fold(p) for p in value.split(",")]
    return tuple(parts[-2:])  # municipality and state: localities are not drafted


def measure(folder: Path, misses: list[str] | None = None) -> dict:
    gazetteer = read_gazetteer(REPO)
    # a held-out set's own registry (folder is its seeds/), else the repository's
    root = folder.parent if (folder.parent / "seeds" / "registry" / "outlets.yaml").exists() else REPO
    outlets = read_outlets(root)
    c: Counter = Counter()
    for sheet in sorted(folder.glob("*.yaml")):
        text_path = sheet.with_suffix(".txt")
        if not text_path.exists():
            continue
        hand = yaml.safe_load(sheet.read_text("utf-8"))
        source = hand["source"]
        published = source["published_date"]
        result = make_draft(sheet.stem, text_path.read_text("utf-8"), published, source.get("publisher"),
                            gazetteer, outlets)
        c["texts"] += 1
        hand_claims = [x for x in hand["claims"] if x["claim_type"] in FIGURE_TYPES and x.get("value") is not None]
        drafted = [p for p in result.proposals if p.kind == "figure"]
        c["hand figures"] += len(hand_claims)
        extra = []
        c["drafted figures"] += len(drafted)
        left = list(hand_claims)
        for p in drafted:
            match = next((h for h in left if h["claim_type"] == p.claim_type and h["value"] == p.value), None)
            if match is not None:
                left.remove(match)
                c["matched"] += 1
                c["qualifier right"] += match.get("value_qualifier") == p.value_qualifier
                if match.get("value_qualifier") != p.value_qualifier:
                    extra.append(f"  qualifier {p.claim_type} {p.value}: drafted {p.value_qualifier}, hand "
                                 f"{match.get('value_qualifier')} ({p.quote!r})")
            else:
                extra.append(f"  extra figure {p.claim_type} {p.value} {p.value_qualifier} ({p.quote!r})")
        extra += [f"  missed figure {h['claim_type']} {h['value']} {h.get('value_qualifier')} ({h.get('quote')!r})"
                  for h in left]
        for kind, get in (("dates", lambda x: x.get("value_text")), ("places", lambda x: _place(x["value_text"]))):
            claim_type = "date" if kind == "dates" else "location"
            want = {get(x) for x in hand["claims"] if x["claim_type"] == claim_type}
            got = {get(p.__dict__) for p in result.proposals if p.claim_type == claim_type}
            c[f"hand {kind}"] += len(want)
            c[f"{kind} found"] += len(want & got)
            extra += [f"  missed {kind[:-1]} {w} (drafted: {sorted(map(str, got - want))})" for w in want - got]
        want = {x["cited_source_id"] for x in hand["claims"] if x.get("cited_source_id")}
        got = {p.cited_source_id for p in result.proposals if p.cited_source_id}
        c["hand outlets"] += len(want)
        c["outlets found"] += len(want & got)
        extra += [f"  missed outlet {w} (drafted: {sorted(got - want)})" for w in want - got]
        if misses is not None and extra:
            misses += [f"{sheet.stem}:", *extra]
    return c


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f} % ({a}/{b})" if b else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path,
                        default=[REPO / "seeds", REPO / "tests" / "fixtures" / "heldout" / "seeds",
                                 REPO / "tests" / "fixtures" / "heldout-b" / "seeds"])
    parser.add_argument("--misses", action="store_true", help="list each miss and extra figure per text")
    args = parser.parse_args(argv)
    for folder in args.folders:
        if not folder.is_dir():
            print(f"{folder}: no such folder", file=sys.stderr)
            continue
        misses: list[str] = []
        c = measure(folder, misses)
        print(f"\n{folder} ({c['texts']} texts)")
        print("| measure | value |\n|---|---|")
        print(f"| figure recall (type and value) | {_pct(c['matched'], c['hand figures'])} |")
        print(f"| figure precision | {_pct(c['matched'], c['drafted figures'])} |")
        print(f"| qualifier accuracy (matched figures) | {_pct(c['qualifier right'], c['matched'])} |")
        print(f"| date recall (value_text) | {_pct(c['dates found'], c['hand dates'])} |")
        print(f"| place recall (municipality, state) | {_pct(c['places found'], c['hand places'])} |")
        print(f"| cited outlet recall | {_pct(c['outlets found'], c['hand outlets'])} |")
        if args.misses:
            print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
