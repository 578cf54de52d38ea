"""find: the incidents a new report may belong to, ranked, each with the reasons it matched.

    find_incidents(package, date="2013-08-06", place="Ayutla") -> [Match, ...]

package is a Version (autodefensas.versions): find reads the published tables, so it works
on the committed package while a contributor's new sheet is still a draft that does not
build. Each criterion given scores an incident from 0 to 1 (dates.py, places.py and
actors.py say how); the combined score is the weighted mean over the criteria given, with
WEIGHTS: the date tells most events apart, the place next, an actor least (the same groups
recur across many incidents). An incident that matches no criterion at all is not listed;
one that matches some lists, for the others, why not; but when a date is given, an incident
whose dates do not match it (not even as a near miss) is not listed: another date is another
event, and a state-wide place would otherwise list every incident of the state. --state is a filter: incidents in
other states are not listed. Ties are broken by incident_id.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...tableschema.gazetteer import Gazetteer
from ...versions import Version
from .actors import involvement, read_actor
from .dates import read_date, score_date
from .errors import FindError
from .places import read_place, score_place

__all__ = ["WEIGHTS", "FindError", "Match", "Search", "find_incidents", "search"]

WEIGHTS = {"date": 0.4, "place": 0.35, "actor": 0.25}


@dataclass(frozen=True)
class Match:
    incident_id: str
    title: str
    score: float  # 0..1, higher is better
    reasons: tuple[str, ...]  # one per criterion given: "dates overlap: 2013-08-05/2013-08-07 contains 2013-08-06"


@dataclass(frozen=True)
class Search:
    matches: list[Match]  # best first, at most limit
    notes: tuple[str, ...]  # how the criteria were read ("--place 'Ayutla' is the municipality ...")
    searched: int  # incidents in the package
    matched: int  # incidents that matched at least one criterion (before limit)


def find_incidents(package: Version, *, date: str | None = None, state: str | None = None,
                   place: str | None = None, actor: str | None = None, gazetteer: Gazetteer | None = None,
                   limit: int = 10) -> list[Match]:
    """The package's incidents that match, best first (at most limit); FindError for a
    criterion that cannot be read. gazetteer: INEGI's places (when None, the toolkit's own
    schemas/gazetteer.csv)."""
    return search(package, date=date, state=state, place=place, actor=actor, gazetteer=gazetteer,
                  limit=limit).matches


def search(package: Version, *, date: str | None = None, state: str | None = None, place: str | None = None,
           actor: str | None = None, gazetteer: Gazetteer | None = None, limit: int = 10) -> Search:
    """find_incidents with how each criterion was read (for the CLI's notes and hints)."""
    if date is None and state is None and not place and not actor:
        raise FindError("give at least one criterion: --date, --state, --place or --actor")
    if limit < 1:
        raise FindError(f"--limit {limit}: give a number of incidents of at least 1")
    notes: list[str] = []
    scorers = {}
    state_filter = None
    if date is not None:
        query_date = read_date(date)
        scorers["date"] = lambda row: score_date(query_date, row)
    if state is not None or place:
        query_place = read_place(state, place, gazetteer if gazetteer is not None else _own_gazetteer())
        notes += query_place.notes
        state_filter = query_place.state
        scorers["place"] = lambda row: score_place(query_place, row)
    if actor:
        hits, actor_notes = read_actor(actor, package.tables.get("actors", []))
        notes += actor_notes
        involved = involvement(hits, package.tables.get("actors", []), package.tables.get("claims", []))
        scorers["actor"] = lambda row: involved.get(
            row["incident_id"], (0.0, f"actor: no claim involves an actor named like {actor!r}"))
    total = sum(WEIGHTS[name] for name in scorers)
    found = []
    incidents = package.tables.get("incidents", [])
    for row in incidents:
        if state_filter is not None and row.get("state_code") != state_filter:
            continue  # --state is a code the user chose: a filter, not a hint
        scored = [(name, *scorer(row)) for name, scorer in scorers.items()]
        if any(name == "date" and value == 0 for name, value, _ in scored):
            continue
        score = sum(WEIGHTS[name] * value for name, value, _ in scored) / total
        if score > 0:
            found.append(Match(row["incident_id"], row.get("title", ""), round(score, 3),
                               tuple(reason for _, _, reason in scored)))
    found.sort(key=lambda m: (-m.score, m.incident_id))
    return Search(found[:limit], tuple(notes), len(incidents), len(found))


def _own_gazetteer() -> Gazetteer | None:
    """The toolkit's own schemas/ gazetteer (the installed package's, else the source checkout's)."""
    from ...load import default_package
    from ...tableschema.schema import load_schemas

    try:
        return load_schemas(default_package().parent).gazetteer
    except (FileNotFoundError, OSError):
        return None
