"""Incident values derived from claims: dates and fatality figures.

Pure functions over plain values, so that each rule is tested on its own and
documented once: the rule texts below are printed in the codebook.

Each step of a derivation reports what it did to a Trace as it does it (the claims it
set aside and why, the value it gave a field and from which claims), so that
`autodefensas explain` tells what this code did, never a second description of it.
The build takes the values of the same Trace (derive_fatalities, derive_dates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

FATALITY_RULE = """\
1. Only `fatalities` claims on the incident with `scope` = incident and a stated
   number count; `unspecified` figures and figures that add up several incidents
   are kept as claims but not used.
2. Each claim gives an estimate (lower bound, upper bound, point): `exact` and
   `about` n give (n, n, n); `at_least` n gives (n, n, n): n is a floor, the least the
   claim allows, and the highest number it states (fatalities_high_open, step 5, says
   the toll may be higher); `at_most` n gives (0, n, n); `range` a-b gives
   (a, b, floor((a+b)/2)).
3. Figures for the whole incident (no `actor_id`) are the estimates. Figures for
   one group ("14 civilians and one soldier", "two slain civilians in a photograph")
   are used only when no claim gives a figure for the whole incident: then the group
   figures of each claimant in each document are added up into one estimate.
   Identical estimates from the same document count once.
4. fatalities_low is the smallest lower bound and fatalities_high the largest upper
   bound. fatalities_best is the lower median (with an even number, the smaller of
   the two middle ones) of the point estimates of the figures that are not `at_least`,
   or of all figures when every one is `at_least`: a floor such as "remains of one
   were identified" does not pull the best estimate down, and when sources disagree
   the best estimate is the conservative one some source gave.
5. fatalities_high_open is true when fatalities_high comes from an `at_least`
   figure: the sources say the toll was at least that, and may have been higher.
6. With no usable claim the figures are empty (unknown, not zero)."""

DATE_RULE = """\
Every incident has at least one `date` claim. Each gives an interval (a day, an
interval of days, an ISO week, a month or a year). The incident takes the narrowest
interval (the earliest when two are equally narrow): date_start and date_end are
its first and last day and date_precision its kind (day, days, week, month, year)."""

FATALITY_FIELDS = ("fatalities_low", "fatalities_best", "fatalities_high", "fatalities_high_open")
DATE_FIELDS = ("date_start", "date_end", "date_precision")

Interval = tuple[dt.date, dt.date, str]


@dataclass(frozen=True)
class Figure:
    """A figure claim reduced to what the fatality rule needs; ref names it in a trace (its claim id)."""

    source_id: str
    claimant: str | None
    actor_id: str | None
    low: int | None
    high: int | None
    qualifier: str
    scope: str = "incident"
    ref: Hashable = None


@dataclass(frozen=True)
class Estimate:
    """(lower bound, upper bound, point, open upper bound) and the claims it rests on."""

    low: int
    high: int
    point: int
    open: bool
    refs: tuple = ()

    @property
    def key(self) -> tuple[int, int, int, bool]:
        return (self.low, self.high, self.point, self.open)


@dataclass(frozen=True)
class Step:
    """The value a step gave a field: by which rule (its number in the rule text, if any),
    from which claims (refs), among which claims it chose (considered)."""

    field: str
    value: object
    step: int | None
    rule: str
    refs: tuple = ()
    considered: tuple = ()


@dataclass(frozen=True)
class SetAside:
    """A claim a step did not use, why, and the claims that prevailed over it (against)."""

    ref: Hashable
    step: int | None
    reason: str
    against: tuple = ()


@dataclass
class Trace:
    """What a derivation did: each field's Step, the claims set aside, the estimates it used."""

    steps: dict[str, Step] = field(default_factory=dict)
    set_aside: list[SetAside] = field(default_factory=list)
    estimates: list[Estimate] = field(default_factory=list)

    def give(self, name: str, value: object, step: int | None, rule: str, refs=(), considered=()) -> None:
        self.steps[name] = Step(name, value, step, rule, tuple(refs), tuple(considered))

    def aside(self, ref: Hashable, step: int | None, reason: str, against=()) -> None:
        self.set_aside.append(SetAside(ref, step, reason, tuple(against)))

    def values(self, names: Iterable[str]) -> tuple:
        return tuple(self.steps[n].value for n in names)

    def row(self) -> dict[str, object]:
        """Field -> value, in the order the steps gave them."""
        return {name: s.value for name, s in self.steps.items()}

    def merge(self, other: Trace) -> Trace:
        return Trace({**self.steps, **other.steps}, self.set_aside + other.set_aside,
                     self.estimates + other.estimates)


def estimate(figure: Figure) -> tuple[int, int, int, bool] | None:
    """(lower bound, upper bound, point, open upper bound) of one figure, or None."""
    q, low, high = figure.qualifier, figure.low, figure.high
    if q in ("exact", "about", "at_least") and low is not None:
        return (low, low, low, q == "at_least")
    if q == "at_most" and high is not None:
        return (0, high, high, False)
    if q == "range" and low is not None and high is not None:
        return (low, high, (low + high) // 2, False)
    return None


def _usable(figures: Iterable[Figure], trace: Trace) -> list[tuple[Figure, tuple]]:
    """Steps 1 and 2: the figures that count, with their estimates."""
    usable = []
    for f in figures:
        if f.scope != "incident":
            trace.aside(f.ref, 1, f"scope: {(f.scope or 'none').replace('_', ' ')}")
        elif (found := estimate(f)) is None:
            trace.aside(f.ref, 1, "unspecified figure" if f.qualifier == "unspecified"
                        else f"no number stated for a {f.qualifier} figure")
        else:
            usable.append((f, found))
    return usable


def _estimates(usable: list[tuple[Figure, tuple]], trace: Trace) -> list[Estimate]:
    """Step 3: whole-incident figures, else each claimant's group figures added up; an
    estimate a document already gave counts once."""
    totals = [(f, e) for f, e in usable if f.actor_id is None]
    parts: list[tuple[str, Estimate]] = []
    if totals:
        for f, _ in usable:
            if f.actor_id is not None:
                trace.aside(f.ref, 3, "group figure: a whole-incident figure exists")
        parts = [(f.source_id, Estimate(e[0], e[1], e[2], e[3], (f.ref,))) for f, e in totals]
    else:
        groups: dict[tuple, list[tuple[Figure, tuple]]] = {}
        for f, e in usable:
            groups.setdefault((f.source_id, f.claimant), []).append((f, e))
        for (source_id, _), members in groups.items():
            low, high, point = (sum(e[i] for _, e in members) for i in range(3))
            parts.append((source_id, Estimate(low, high, point, any(e[3] for _, e in members),
                                              refs=tuple(f.ref for f, _ in members))))
    kept: dict[tuple, Estimate] = {}
    for source_id, est in parts:
        first = kept.get((source_id, est.key))
        if first is None:
            kept[(source_id, est.key)] = est
        else:
            for ref in est.refs:
                trace.aside(ref, 3, "same estimate from the same document counts once, as", first.refs)
    trace.estimates = list(kept.values())
    return trace.estimates


def _choose(estimates: list[Estimate], trace: Trace) -> None:
    """Steps 4 to 6: low, best, high and open from the estimates."""
    considered = [r for e in estimates for r in e.refs]
    if not estimates:
        for name in FATALITY_FIELDS:
            trace.give(name, None, 6, "no usable figure: unknown, not zero")
        return
    low = min(e.low for e in estimates)
    trace.give("fatalities_low", low, 4, "smallest lower bound",
               [r for e in estimates if e.low == low for r in e.refs], considered)
    pool = [e for e in estimates if not e.open]
    rule = "lower median of the non-at_least point estimates"
    if not pool:
        pool, rule = estimates, "lower median of the point estimates (every figure is at_least)"
    points = sorted(e.point for e in pool)
    best = points[(len(points) - 1) // 2]
    trace.give("fatalities_best", best, 4, rule, [r for e in pool if e.point == best for r in e.refs],
               [r for e in pool for r in e.refs])
    high = max(e.high for e in estimates)
    at_high = [e for e in estimates if e.high == high]
    trace.give("fatalities_high", high, 4, "largest upper bound", [r for e in at_high for r in e.refs], considered)
    opened = [e for e in at_high if e.open]
    trace.give("fatalities_high_open", bool(opened), 5,
               "the largest upper bound is an at_least figure" if opened
               else "no at_least figure gives the largest upper bound",
               [r for e in (opened or at_high) for r in e.refs], considered)


def trace_fatalities(figures: Iterable[Figure]) -> Trace:
    """FATALITY_RULE, step by step: each step records its decisions in the Trace."""
    trace = Trace()
    _choose(_estimates(_usable(figures, trace), trace), trace)
    return trace


def derive_fatalities(figures: Iterable[Figure]) -> tuple[int | None, int | None, int | None, bool | None]:
    """(fatalities_low, fatalities_best, fatalities_high, fatalities_high_open) by FATALITY_RULE."""
    return trace_fatalities(figures).values(FATALITY_FIELDS)


def trace_dates(dated: Iterable[tuple[Hashable, Interval]]) -> Trace:
    """DATE_RULE on (ref, interval) pairs: the narrowest interval, the earliest of equals."""
    trace = Trace()
    dated = list(dated)
    if not dated:
        for name in DATE_FIELDS:
            trace.give(name, None, None, "no date claim")
        return trace
    def width(item):
        start, end, _ = item[1]
        return (end - start, start, end)
    chosen = min(dated, key=width)[1]
    refs = [ref for ref, interval in dated if interval == chosen]
    tied = False
    for ref, interval in dated:
        if interval != chosen:
            wider = interval[1] - interval[0] > chosen[1] - chosen[0]
            tied = tied or not wider
            trace.aside(ref, None, "wider interval than" if wider else "later interval as narrow as",
                        refs)
    rule = "narrowest date interval" + (", the earliest of equally narrow ones" if tied else "")
    for name, value in zip(DATE_FIELDS, chosen, strict=True):
        trace.give(name, value, None, rule, refs, [ref for ref, _ in dated])
    return trace


def derive_dates(intervals: Iterable[Interval]) -> Interval:
    """(date_start, date_end, date_precision) by DATE_RULE; intervals must not be empty."""
    return trace_dates((None, i) for i in intervals).values(DATE_FIELDS)
