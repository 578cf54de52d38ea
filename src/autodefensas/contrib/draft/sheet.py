"""The drafted sheet as YAML a reviewer reads: the source block, then the claims grouped by
kind in text order, each with a comment saying which words made the proposal, keys in the
order the seeds use, and `draft: true` last so that deleting one line marks it reviewed.
Written by hand (not by a YAML library) for the comments; every value is written so that
the coding layer reads it back as meant, and the same input always gives the same bytes.
"""

from __future__ import annotations

import textwrap
import unicodedata

import yaml

from .proposal import Proposal
from .source import RIGHTS, Source

_GROUPS = (("figure", "Figures: what the numbers count, with their qualifier"),
           ("date", "Dates, resolved against the publication date"),
           ("location", "Places, matched to INEGI's gazetteer"))
_WIDTH = 100


def write_sheet(source: Source, proposals: list[Proposal], new_outlets: dict[str, dict],
                incidents_said: str | None) -> str:
    lines = [f"# Drafted by `autodefensas draft` from seeds/{source.source_id}.txt: every claim below is a",
             "# proposal (draft: true). Review each against the text, set its incident_id, then delete its",
             "# `draft: true` line; build and verify refuse the sheet until no draft is left.",
             "source:", f"  source_id: {source.source_id}"]
    if source.publisher:
        lines.append(f"  publisher: {scalar(source.publisher)}")
    else:
        lines.append("  publisher: null  # not given (--publisher): name it, or keep null and start source_id "
                     "with 'unattributed'")
    lines.append(f"  title: {scalar(source.title) if source.title else 'null'}"
                 + ("  # the text's first line, proposed" if source.title else "  # no headline line found"))
    lines.append("  author: null  # the byline, if the text or the publisher's page gives it")
    lines.append(f"  published_date: {source.published.isoformat()}")
    if source.basis == "stated":
        lines.append("  published_date_basis: stated  # the text states the date itself")
        lines.append(f"  published_date_note: {quoted(f'The text states the date: {source.basis_words!r}.')}")
    else:
        lines.append("  published_date_basis: metadata  # given with --published, not stated in the text: "
                     "inferred if you reasoned it from the content")
        lines.append(f"  published_date_note: {quoted('The text does not state it: say where the date comes from.')}")
    lines += ["  url: null",
              f"  language: {source.language}  # detected (py3langid, probability {source.language_probability:.2f})",
              f"  rights: {scalar(RIGHTS)}",
              f"  text_sha256: {source.sha256}",
              "claims:"]
    number = 0
    for kind, title in _GROUPS:
        group = sorted((p for p in proposals if p.kind == kind), key=lambda p: (p.start, p.claim_type))
        if not group:
            continue
        lines.append(f"  # --- {title} ---")
        for proposal in group:
            number += 1
            lines += _claim(f"c{number:02d}", proposal)
    if not proposals:
        lines.append("  []  # nothing to propose: code the claims by hand (docs/coding.md)")
    if new_outlets:
        lines.append("# Outlets the text cites that seeds/registry/outlets.yaml does not have: check each, paste it")
        lines.append("# under `outlets:` there, and set cited_source_id on the claims that cite it.")
        for entry in new_outlets.values():
            lines += [f"#   - source_id: {entry['source_id']}", f"#     publisher: {entry['publisher']}",
                      f"#     note: {entry['note']}"]
    if incidents_said:
        lines += [f"# {line}" for line in _wrap(incidents_said, 0)]
    return "\n".join(lines) + "\n"


def _claim(claim_id: str, p: Proposal) -> list[str]:
    out = [f"  # {line}" for why in p.why for line in _wrap(why, 4)]
    out.append(f"  - id: {claim_id}")
    keys: list[tuple[str, str]] = []
    if p.subject_actor:
        keys.append(("subject_actor_id", "null  # the actor (group) whose members are counted"))
    else:
        keys.append(("incident_id", scalar(p.incident_id) if p.incident_id else "null"))
    keys.append(("claim_type", p.claim_type))
    if p.value is not None:
        keys.append(("value", f"[{p.value[0]}, {p.value[1]}]" if isinstance(p.value, list) else str(p.value)))
    if p.value_qualifier:
        keys.append(("value_qualifier", p.value_qualifier))
    if p.value_text:
        keys.append(("value_text", quoted(p.value_text) if p.kind == "date" else scalar(p.value_text)))
    if p.claimant_text:
        keys.append(("claimant_text", scalar(p.claimant_text)))
    if p.cited_source_id:
        keys.append(("cited_source_id", p.cited_source_id))
    keys.append(("hedged", "true" if p.hedged else "false"))
    keys.append(("quote", quoted(p.quote)))
    if p.occurrence:
        keys.append(("occurrence", f"{p.occurrence}  # the quote occurs more than once: lengthen it if you can"))
    if p.note:
        keys.append(("note", quoted(p.note)))
    keys.append(("draft", "true"))
    out += [f"    {key}: {value}" for key, value in keys]
    return out


def _wrap(text: str, indent: int) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), _WIDTH - indent - 4) or [""]


def quoted(text: str) -> str:
    """A YAML double-quoted scalar; invisible and non-ASCII spaces are escaped (\\u00a0)."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp") and ch != " ":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def scalar(text: str) -> str:
    """A plain scalar where YAML reads it back as the same string, else a quoted one."""
    plain = text.strip() == text and "\n" not in text and text[:1] not in "=+-@'\"!&*?|>%{[]},#`" \
        and " #" not in text and ": " not in text and not text.endswith(":")
    if plain:
        try:
            plain = yaml.safe_load(f"k: {text}") == {"k": text}
        except yaml.YAMLError:
            plain = False
    return text if plain and text == quoted(text)[1:-1] else quoted(text)
