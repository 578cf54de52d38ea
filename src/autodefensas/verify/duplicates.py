"""Likely duplicate incidents (rules.likely-duplicate): the same event registered twice,
typically from two articles that give it at different precision (one the month and the
state, the other the day and the town) or call it by different event types.

Two incidents are a likely duplicate when all of these hold:

- their date intervals [date_start, date_end] overlap (a month contains its days);
- their places are compatible: the same state, and either municipality_code is empty or
  both are equal; with equal municipalities, either locality is empty or they name the
  same place (compared without case and accents, one a list of places holding the other,
  or one the other's first words: "Iguala" and "Iguala de la Independencia");
- there is evidence that they are one event: they share an involved actor IN THE SAME
  ROLE, or their event types are equal or listed as the same event in
  schemas/event_types.json (same_event_as);
- neither names the other in distinct_from.

The role matters: an article tells a chain of events about the same actors (soldiers
arrest community police, whose comrades then detain soldiers; a group holds a town hall
that the police then retake), and such chains are coded as separate incidents with an
actor that changes part (detainer, then detained; occupier, then target). Two reports of
one event give an actor the same part.

Scale: comparing every pair is quadratic. Candidates come from polars joins on blocks
that a true pair must share: the state, a calendar week both intervals touch (a month
touches five or six), the municipality (when both have one) and an evidence key (an
actor and role, or an event type on one side and the types it may be on the other).
Incidents without a municipality are compared with their state's incidents of the same
weeks; intervals touching more than LONG_WEEKS weeks are compared within their state
without the week (rare). Every join is on integers: ids of low-cardinality strings
(states, municipalities, actors, event types) come from a categorical of the call's own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

import polars as pl

from .. import paths
from ..report import Problem

LONG_WEEKS = 60  # an interval touching more weeks than this (over a year) is not exploded into weeks
_PLACES = re.compile(r"\s*(?:[,;/]|\by\b|\band\b)\s*")


def likely_duplicates(incidents: pl.DataFrame, claims: pl.DataFrame,
                      same_event: Mapping[str, frozenset[str]]) -> pl.DataFrame:
    """Pairs of likely duplicate incidents: a, b (row indices of incidents, a < b), actors
    (the shared "actor_id (role)"s, sorted) and types (the event types are the same event)."""
    ids = pl.Categorical(pl.Categories.random())  # freed with the call, unlike the global categories
    rows = _rows(incidents, ids).collect()
    actors = _actors(rows.lazy(), claims).collect()
    left, right = pl.collect_all(_keys(rows.lazy(), actors.lazy(), same_event, ids))
    short = rows.lazy().filter(~pl.col("long"))
    weeks = short.select("i", "state", "muni", week=pl.int_ranges("w0", pl.col("w1") + 1)).explode("week")
    local = weeks.filter(pl.col("muni").is_not_null()).select("i", block=_block("muni", "week"))
    candidates = pl.concat([
        # both with a municipality: the same one, in a week both touch
        _join(left, local, right, local),
        # one without: any incident of its state in a week both touch
        _join(left, weeks.filter(pl.col("muni").is_null()).select("i", block=_block("state", "week")),
              right, weeks.select("i", block=_block("state", "week"))),
        # long intervals: any incident of the state
        _join(left, rows.lazy().filter(pl.col("long")).select("i", block="state"),
              right, rows.lazy().select("i", block="state")),
    ])
    keyed = (candidates.filter(pl.col("i") != pl.col("j"))
             .group_by(a=pl.min_horizontal("i", "j"), b=pl.max_horizontal("i", "j"))
             .agg(types=(pl.col("key") > 0).any()))
    pairs = _compatible(keyed, rows.lazy()).collect()
    if pairs.height:
        pairs = pairs.filter(_same_places(pairs))
    shared = (pairs.lazy().select("a", "b")
              .join(actors.lazy().rename({"i": "a"}), on="a")
              .join(actors.lazy().rename({"i": "b"}), on=["b", "actor_id", "role"])
              .group_by("a", "b").agg(actors=pl.format("{} ({})", "actor_id", "role").unique().sort()))
    return (pairs.lazy().select("a", "b", "types").join(shared, on=["a", "b"], how="left")
            .with_columns(pl.col("actors").fill_null([]))
            .select("a", "b", "actors", "types").sort("b", "a").collect())


def _rows(incidents: pl.DataFrame, ids: pl.Categorical) -> pl.LazyFrame:
    """The incidents that can be compared (a state and a date), with the weeks their
    interval touches and integer ids of their state and municipality."""
    start, end = pl.col("date_start"), pl.coalesce("date_end", "date_start")

    def week(date: pl.Expr) -> pl.Expr:  # weeks from Monday; 1970-01-01 was a Thursday
        return (date.cast(pl.Int32) + 3) // 7
    return (incidents.lazy()
            .select("incident_id", "event_type", "state_code", "municipality_code", "distinct_from",
                    i=pl.int_range(pl.len(), dtype=pl.UInt32),
                    start=pl.min_horizontal(start, end), end=pl.max_horizontal(start, end),
                    place=_normal(pl.col("locality")))
            .filter(pl.col("incident_id").is_not_null() & pl.col("state_code").is_not_null()
                    & pl.col("start").is_not_null())
            .with_columns(w0=week(pl.col("start")), w1=week(pl.col("end")),
                          state=pl.col("state_code").cast(ids).to_physical(),
                          muni=pl.col("municipality_code").cast(ids).to_physical())
            .with_columns(long=(pl.col("w1") - pl.col("w0")) >= LONG_WEEKS))


def _actors(rows: pl.LazyFrame, claims: pl.DataFrame) -> pl.LazyFrame:
    """(i, actor_id, role) of every incident's involved actors, once each."""
    return (claims.lazy()
            .filter((pl.col("claim_type") == "involved_actor") & pl.col("actor_id").is_not_null()
                    & pl.col("incident_id").is_not_null())
            .select("incident_id", "actor_id", role=pl.col("role").fill_null(""))
            .join(rows.select("incident_id", "i"), on="incident_id", how="inner")
            .select("i", "actor_id", "role").unique())


def _keys(rows: pl.LazyFrame, actors: pl.LazyFrame, same_event: Mapping[str, frozenset[str]],
          ids: pl.Categorical) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Evidence keys of each incident, (left, right), as integers: a pair shares a key when
    the left incident's keys hold one of the right's. Both sides hold -id of each (actor,
    role); the right holds +id of its event type, the left that of its type and of every
    type it may be the same event as."""
    def key(text: pl.Expr) -> pl.Expr:
        return text.cast(ids).to_physical().cast(pl.Int64) + 1
    actor_keys = actors.select("i", key=-key(pl.concat_str("actor_id", pl.lit("\t"), "role")))
    own = rows.filter(pl.col("event_type").is_not_null()).select("i", key=key(pl.col("event_type")))
    table = pl.LazyFrame([(kind, other) for kind, others in same_event.items() for other in others],
                         schema={"event_type": pl.String, "other": pl.String}, orient="row")
    others = rows.join(table, on="event_type").select("i", key=key(pl.col("other")))
    return pl.concat([actor_keys, own, others]), pl.concat([actor_keys, own])


def _block(place: str, week: str) -> pl.Expr:
    """One integer for a place id and a week (weeks of years 0 to 9999 fit in 21 bits)."""
    return pl.col(place).cast(pl.Int64) * (1 << 21) + pl.col(week) + (1 << 20)


def _join(left: pl.DataFrame, left_blocks: pl.LazyFrame, right: pl.DataFrame,
          right_blocks: pl.LazyFrame) -> pl.LazyFrame:
    """Candidate (i, j, key): i's left keys meet j's right keys in a block both are in."""
    return (left.lazy().join(left_blocks, on="i")
            .join(right.lazy().join(right_blocks, on="i").rename({"i": "j"}), on=["block", "key"])
            .select("i", "j", "key"))


def _compatible(pairs: pl.LazyFrame, rows: pl.LazyFrame) -> pl.LazyFrame:
    """The candidate pairs whose intervals overlap and places are compatible (the locality
    only roughly here; _same_places decides), and that distinct_from does not set apart."""
    columns = ["incident_id", "start", "end", "state_code", "municipality_code", "place", "distinct_from"]
    a = rows.select("i", *columns).rename({c: f"{c}_a" for c in columns})
    b = rows.select("i", *columns).rename({c: f"{c}_b" for c in columns})
    muni_a, muni_b = pl.col("municipality_code_a"), pl.col("municipality_code_b")
    place_a, place_b = pl.col("place_a"), pl.col("place_b")
    distinct = ((pl.col("distinct_from_a") == pl.col("incident_id_b")).fill_null(False)
                | (pl.col("distinct_from_b") == pl.col("incident_id_a")).fill_null(False))
    return (pairs.join(a, left_on="a", right_on="i").join(b, left_on="b", right_on="i")
            .filter((pl.col("start_a") <= pl.col("end_b")) & (pl.col("start_b") <= pl.col("end_a"))
                    & (pl.col("state_code_a") == pl.col("state_code_b"))
                    & (muni_a.is_null() | muni_b.is_null() | (muni_a == muni_b))
                    & ~distinct)
            .with_columns(same_place=muni_a.is_null() | muni_b.is_null() | place_a.is_null() | place_b.is_null()
                          | (place_a == place_b))
            .select("a", "b", "types", "same_place", "place_a", "place_b"))


def _same_places(pairs: pl.DataFrame) -> pl.Series:
    """Whether each pair's localities are compatible; the few that differ as written are
    compared in Python (a list of places, or a name and its longer form)."""
    differ = ~pairs["same_place"]
    if not differ.any():
        return pairs["same_place"]
    verdict = {(x, y): same_locality(x, y)
               for x, y in pairs.filter(differ).select("place_a", "place_b").unique().iter_rows()}
    return pl.Series([same or verdict[(x, y)] for same, x, y in
                      pairs.select("same_place", "place_a", "place_b").iter_rows()], dtype=pl.Boolean)


def _normal(text: pl.Expr) -> pl.Expr:
    """A place name without case, accents or extra spaces (in polars)."""
    return (text.str.normalize("NFKD").str.replace_all(r"\p{Mn}", "").str.to_lowercase()
            .str.replace_all(r"\s+", " ").str.strip_chars())


def normal_place(text: str) -> str:
    """A place name without case, accents or extra spaces (as _normal, in Python)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


def same_locality(a: str | None, b: str | None) -> bool:
    """Whether two localities of one municipality can be the same place: either unknown,
    equal, one listing the other among its places, or one the other's first words."""
    if not a or not b:
        return True
    x = {p for p in _PLACES.split(normal_place(a)) if p}
    y = {p for p in _PLACES.split(normal_place(b)) if p}
    if x & y:
        return True
    return any(p.startswith(q + " ") or q.startswith(p + " ") for p in x for q in y)


def duplicate_problems(loaded, same_event: Mapping[str, frozenset[str]]) -> list[Problem]:
    """One rules.likely-duplicate problem per pair, at the later incident's registry entry
    (the one added second, as registries grow at the end), naming the other and why."""
    incidents = loaded.typed["incidents"]
    pairs = likely_duplicates(incidents, loaded.typed["claims"], same_event)
    if not pairs.height:
        return []
    where = loaded.located.locations.get("incidents", {})
    # the rows of every pair's incidents in one gather (row() per pair costs at a flood)
    shown = incidents.select("incident_id", "event_type", "date_start", "date_end", "state_code",
                             "municipality_code", "municipality", "locality")
    firsts, seconds = shown[pairs["a"]].rows(named=True), shown[pairs["b"]].rows(named=True)

    def order(index: int, row: dict) -> tuple:  # by the coding line when known, else by the CSV row
        found = where.get(row["incident_id"])
        return (0, found[0], found[1]) if found else (1, "", index)

    def at(index: int, row: dict) -> str:
        found = where.get(row["incident_id"])
        return f"{found[0]}:{found[1]}" if found else f"{paths.csv('incidents')}:{index + 2}"
    problems = []
    for (a, b, actors, types), first, second in zip(pairs.iter_rows(), firsts, seconds):
        (earlier, other), (later, this) = sorted([(a, first), (b, second)], key=lambda x: order(*x))
        evidence = []
        if actors:
            evidence.append(f"both involve {' and '.join(actors)}")
        if types:
            evidence.append(f"both are {this['event_type']}" if this["event_type"] == other["event_type"] else
                            f"{this['event_type']} and {other['event_type']} can be the same event "
                            f"({paths.REFERENCE_TABLES['event_types']}, same_event_as)")
        dates = (f"both on {_interval(this)}" if _interval(this) == _interval(other)
                 else f"the dates {_interval(this)} and {_interval(other)} overlap")
        places = (f"both in {_place(this)}" if _place(this) == _place(other)
                  else f"the places {_place(this)} and {_place(other)} are compatible")
        message = (f"likely the same event as {other['incident_id']!r} ({at(earlier, other)}): {dates}, {places}, "
                   f"and {'; '.join(evidence)}")
        registry = where.get(this["incident_id"], (paths.registry("incidents"),))[0]
        hint = (f"if it is the same event, code its claims under incident_id {other['incident_id']!r} and remove "
                f"{this['incident_id']!r} from {registry} (listing it in {paths.WITHDRAWN} if it was published); "
                f"if they are different events, add `distinct_from: {other['incident_id']}` to "
                f"{this['incident_id']!r}")
        problems.append(loaded.located.problem("rules.likely-duplicate", "incidents", later, message, hint,
                                               field="distinct_from", value=other["incident_id"]))
    return problems


def _interval(row: dict) -> str:
    start, end = row["date_start"], row["date_end"] or row["date_start"]
    return str(start) if start == end else f"{start}/{end}"


def _place(row: dict) -> str:
    municipality = row["municipality"] or row["municipality_code"]
    if municipality and row["municipality_code"] and municipality != row["municipality_code"]:
        municipality = f"{municipality} ({row['municipality_code']})"
    parts = [row["locality"] if row["locality"] != row["municipality"] else None, municipality, row["state_code"]]
    return "'" + ", ".join(p for p in parts if p) + "'"
