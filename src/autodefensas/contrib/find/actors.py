"""The actor criterion of find: a name, fuzzily, against the actors' names and aliases, then
the incidents whose claims involve a matching actor or one of its units.

Names are compared folded (accents, case and punctuation aside) and without articles and
prepositions ("Los Viagras" is "the Viagras"). An actor matches when one of its names (its
name, the part of it in brackets, each alias, its actor_id) is

- the name searched: 1.0;
- close to it, rapidfuzz's ratio at least NAME_CUTOFF: the ratio ("Caballeros Templario");
- a longer name holding every word searched (a word of five letters or more may differ
  slightly, "autodefensa" for "autodefensas"): 0.85 to 1.0, higher the more of the name
  the words cover ("autodefensas" in "Self-defense groups of Michoacán (autodefensas)").

Names that share only an article or a common word ("Los Viagras", "Los Zetas") stay apart.
An incident scores the best matching actor's score when one of its claims has that actor
as actor_id, and 0.9 of it when the claim's actor is a unit whose parent_actor_id chain
reaches the matching actor (the Rural Defense Force's units for "Fuerza Rural"). Who
states a claim (claimant_actor_id) is not involvement and is not searched. Spanish and
English names match when the registry lists both (as name or alias).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...tableschema.gazetteer import fold
from .errors import FindError

NAME_CUTOFF = 85
WORD_CUTOFF = 90  # a word searched against a word of a name: plurals and typos, not other words
_ARTICLES = {"el", "la", "los", "las", "lo", "the", "de", "del", "of", "a", "an", "y", "e", "and"}
UNIT_FACTOR = 0.9


@dataclass(frozen=True)
class ActorHit:
    actor_id: str
    name: str
    score: float
    matched: str  # which of its names matched


def words(name: str) -> list[str]:
    return [w for w in re.sub(r"[^\w]+", " ", fold(name)).split() if w not in _ARTICLES]


def names_of(row: dict[str, str]) -> list[str]:
    name = row.get("name", "")
    out = [name, re.sub(r"\s*\(.*?\)", "", name)] + re.findall(r"\((.*?)\)", name)
    out += [alias.strip() for alias in row.get("aliases", "").split(";")]
    out.append(row.get("actor_id", "").replace("-", " "))
    return [n for n in dict.fromkeys(out) if n.strip()]


def name_score(searched: list[str], name: list[str]) -> float:
    """How well a name (as words) matches the words searched, 0..1 (0 below the cutoffs)."""
    from rapidfuzz import fuzz

    if not searched or not name:
        return 0.0
    if searched == name:
        return 1.0
    ratio = fuzz.ratio(" ".join(searched), " ".join(name))
    best = ratio / 100 if ratio >= NAME_CUTOFF else 0.0
    closeness = []
    for word in searched:
        scores = [100.0 if word == other else
                  (fuzz.ratio(word, other) if min(len(word), len(other)) >= 5 else 0.0) for other in name]
        closeness.append(max(scores))
    if min(closeness) >= WORD_CUTOFF and len(searched) <= len(name):
        covered = 0.85 + 0.15 * len(searched) / len(name)
        best = max(best, covered * min(closeness) / 100)
    return best


def read_actor(text: str, actors: list[dict[str, str]]) -> tuple[list[ActorHit], list[str]]:
    """(the actors named like text, best first; notes for people)."""
    searched = words(text)
    if not searched:
        raise FindError(f"--actor {text!r} names nobody once articles and prepositions are set aside: "
                        "give a name, e.g. --actor 'Los Viagras'")
    hits = []
    for row in actors:
        scored = [(name_score(searched, words(n)), n) for n in names_of(row)]
        score, matched = max(scored, key=lambda s: s[0])
        if score > 0:
            hits.append(ActorHit(row["actor_id"], row.get("name", ""), round(score, 3), matched))
    hits.sort(key=lambda h: (-h.score, h.actor_id))
    if hits:
        named = "; ".join(f"{h.name} ({h.actor_id})" for h in hits[:5])
        more = f" and {len(hits) - 5} more" if len(hits) > 5 else ""
        return hits, [f"--actor {text!r} matches {named}{more}"]
    return [], [f"--actor {text!r} matches no actor's name or alias" + _closest(text, actors)]


def _closest(text: str, actors: list[dict[str, str]]) -> str:
    from rapidfuzz import fuzz, process

    pool = {f"{row['actor_id']}\t{n}": " ".join(words(n)) for row in actors for n in names_of(row)}
    found = process.extract(" ".join(words(text)), pool, scorer=fuzz.WRatio, limit=10)
    ids = list(dict.fromkeys(key.split("\t")[0] for _, _, key in found))[:3]
    return f" (closest: {', '.join(ids)}; the registry is seeds/registry/actors.yaml)" if ids else ""


def involvement(hits: list[ActorHit], actors: list[dict[str, str]], claims: list[dict[str, str]]
                ) -> dict[str, tuple[float, str]]:
    """incident_id -> (score, reason) of the best matching actor its claims involve."""
    by_id = {h.actor_id: h for h in hits}
    parents = {row["actor_id"]: row.get("parent_actor_id", "") for row in actors}
    names = {row["actor_id"]: row.get("name", "") for row in actors}
    out: dict[str, tuple[float, str]] = {}
    for claim in claims:
        incident, actor = claim.get("incident_id", ""), claim.get("actor_id", "")
        if not incident or not actor:
            continue
        found = _up_chain(actor, parents, by_id)
        if found is None:
            continue
        hit, depth = found
        if depth == 0:
            score, reason = hit.score, f"actor: a claim involves {hit.name} ({hit.actor_id})"
        else:
            score = hit.score * UNIT_FACTOR
            reason = f"actor: a claim involves {names.get(actor, actor)} ({actor}), part of {hit.name} ({hit.actor_id})"
        if hit.score < 1:
            reason += f", named {hit.matched!r}"
        if incident not in out or score > out[incident][0]:
            out[incident] = (score, reason)
    return out


def _up_chain(actor: str, parents: dict[str, str], hits: dict[str, ActorHit]) -> tuple[ActorHit, int] | None:
    seen: set[str] = set()
    depth = 0
    while actor and actor not in seen:  # a cycle is verify's to report; here it just ends the walk
        if actor in hits:
            return hits[actor], depth
        seen.add(actor)
        actor, depth = parents.get(actor, ""), depth + 1
    return None
