"""Incident fatality figures derived from fatality claims: FATALITY_RULE, step by step.

Pure functions over plain values. Each step reports to a Trace what it did (the claims
it set aside and why, the value it gave a field and from which claims), so that
`autodefensas explain` tells what this code did; the build takes the Trace's values.
The rule text below is printed in the codebook, with the worked examples of
fatality_examples.py, which the tests run through this code.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from .trace import Trace

FATALITY_RULE = """\
1. Only `fatalities` claims on the incident with `scope` = incident and a stated
   number count; `unspecified` figures and figures that add up several incidents
   are kept as claims but not used.
2. Each figure gives a lower bound, an upper bound and a point: `exact` and `about` n
   give n, n and n; `at_least` n gives the floor n, no upper bound (n is the highest
   number it states, and the toll may be higher) and n; `at_most` n gives no lower
   bound (it says nothing of how few died), n and n; `range` a-b gives a, b and a,
   its lower end, as the point: a number the source gave and the conservative one,
   where the midpoint would be a number no source gave.
3. Figures for one group ("14 civilians and one soldier", "two slain civilians in a
   photograph", `actor_id` set) become estimates of the whole toll as follows:
   (a) one claimant counting one group twice in one document counts it once (the
   figure with the highest lower bound, of equal ones the lowest upper bound);
   (b) a claimant's group figures are parts of the whole-incident figure that claimant
   gives in the same document, and are set aside, when that figure states a lower
   bound; beside a cap alone ("as many as twelve, three of them police") they are
   kept, as they state the floor the cap does not;
   (c) the other group figures of each claimant in each document are added up into
   one estimate. It is an estimate of the toll when no figure is for the whole
   incident and it counts every group any claimant names; otherwise it is a floor
   (`at_least`), since the dead it names are part of a toll that may count others:
   the army's "12 gunmen" and the police's "two officers" are two floors, not two
   tolls that cannot both be true. A floor that states no lower bound (every part
   `at_most`: "as many as five police") is set aside: a cap on some of the dead says
   nothing of the whole toll, and a floor of 0 that no source stated must not pull
   fatalities_low down.
4. One statement counts once: estimates that are the same figure (bounds, point and
   qualifier) count once when they come from the same document, or from the same
   claimant through the same cited outlet in different documents (one outlet relayed
   by two documents).
5. fatalities_low is the smallest lower bound a figure states, or 0 when no figure
   states one (every figure is `at_most`): an upper bound such as "as many as twelve"
   does not pull it down. fatalities_high is the largest upper bound, an `at_least`
   figure's n counting as its upper bound. fatalities_best is the lower median (with an
   even number, the smaller of the two middle ones) of the points of the figures that
   state the toll (`exact`, `about`, `range`, or sums of them), or of every figure's
   point when none does, kept between fatalities_low and fatalities_high. This is the
   conservative best estimate ACLED also reports: a figure some source gave, the lower
   one when sources disagree, never raised by a floor ("at least seven") above the
   figures that state the toll; fatalities_disputed (step 7) says when a floor or a
   cap contradicts it.
6. fatalities_high_open is true when only `at_least` figures (or floors of step 3)
   state the largest upper bound: the sources say the toll was at least that, and
   none says it was no more.
7. fatalities_disputed is true when the figures cannot all be true: no toll lies
   within every estimate's bounds, an `about` n reaching a quarter of n (rounded up)
   either side ("officially one dead" and "at least seven killed"; "12" and "about
   60"). It is false when one toll fits every figure, and with a single estimate.
8. With no usable claim the figures are empty (unknown, not zero), and so they are
   when step 3 sets every figure aside (caps on groups that other claimants' figures
   show are not the whole toll state neither a floor nor a toll)."""

FATALITY_FIELDS = ("fatalities_low", "fatalities_best", "fatalities_high", "fatalities_high_open",
                   "fatalities_disputed")


@dataclass(frozen=True)
class Figure:
    """A figure claim reduced to what the fatality rule needs; ref names it in a trace (its
    claim id), cited is the outlet the document cites for it."""

    source_id: str
    claimant: str | None
    actor_id: str | None
    low: int | None
    high: int | None
    qualifier: str
    scope: str = "incident"
    ref: Hashable = None
    cited: str | None = None


@dataclass(frozen=True)
class Estimate:
    """One estimate of the toll and the claims it rests on. low None: no lower bound stated
    (at_most); open: no upper bound (high is the highest number stated); states: it states
    the toll rather than only bounding it; slack: how far an `about` figure reaches."""

    low: int | None
    high: int
    point: int
    open: bool
    refs: tuple = ()
    states: bool = True
    slack: int = 0

    @property
    def key(self) -> tuple:
        return (self.low, self.high, self.point, self.open, self.states, self.slack)

    def bounds(self) -> tuple[float, float]:
        """The tolls this estimate allows, for step 7."""
        return (max(0, (self.low or 0) - self.slack), math.inf if self.open else self.high + self.slack)


def estimate(figure: Figure) -> Estimate | None:
    """Step 2: the estimate of one figure, or None when it states no number."""
    q, low, high = figure.qualifier, figure.low, figure.high
    refs = (figure.ref,)
    if q in ("exact", "about") and low is not None:
        return Estimate(low, low, low, False, refs, True, math.ceil(low / 4) if q == "about" else 0)
    if q == "at_least" and low is not None:
        return Estimate(low, low, low, True, refs, False)
    if q == "at_most" and high is not None:
        return Estimate(None, high, high, False, refs, False)
    if q == "range" and low is not None and high is not None:
        return Estimate(low, high, low, False, refs, True)
    return None


def _usable(figures: Iterable[Figure], trace: Trace) -> list[tuple[Figure, Estimate]]:
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


def _summed(parts: list[Estimate], floor: bool) -> Estimate | None:
    """Step 3c's sum of one claimant's group figures; None for a floor that states no lower bound."""
    refs = tuple(r for p in parts for r in p.refs)
    lows = [p.low for p in parts if p.low is not None]
    low = sum(lows) if lows else None
    slack = sum(p.slack for p in parts)
    if floor:
        return None if low is None else Estimate(low, low, low, True, refs, False, slack)
    return Estimate(low, sum(p.high for p in parts), sum(p.point for p in parts), any(p.open for p in parts), refs,
                    all(p.states for p in parts), slack)


def _preferred(e: Estimate) -> tuple:
    """Step 3a's choice among one group's figures: the highest lower bound, then the lowest
    upper bound (an at_least figure has none), then the one that reaches least (exact before about)."""
    return (-1 if e.low is None else e.low, -(math.inf if e.open else e.high), -e.slack)


def _groups(usable: list[tuple[Figure, Estimate]], trace: Trace) -> list[tuple[Figure, Estimate]]:
    """Step 3: whole-incident figures as they are; group figures once per group, set aside
    where their claimant gives a whole figure, else summed per claimant and document."""
    totals = [(f, e) for f, e in usable if f.actor_id is None]
    whole_by: dict[tuple, list] = {}
    for f, e in totals:
        if e.low is not None:  # a cap alone does not hold its parts' floor (3b)
            whole_by.setdefault((f.source_id, f.claimant), []).append(f.ref)
    per_group: dict[tuple, tuple[Figure, Estimate]] = {}
    for f, e in usable:
        if f.actor_id is None:
            continue
        if (f.source_id, f.claimant) in whole_by:
            trace.aside(f.ref, 3, "group figure: a part of the whole-incident figure its claimant gives in",
                        whole_by[(f.source_id, f.claimant)])
            continue
        key = (f.source_id, f.claimant, f.actor_id)
        kept = per_group.get(key)
        if kept is None:
            per_group[key] = (f, e)
            continue
        winner, loser = ((f, e), kept) if _preferred(e) > _preferred(kept[1]) else (kept, (f, e))
        per_group[key] = winner
        trace.aside(loser[0].ref, 3, "the same group counted again by its claimant in the same document counts "
                    "once, as", (winner[0].ref,))
    return totals + _sums(list(per_group.values()), totals, trace)


def _sums(parts: list[tuple[Figure, Estimate]], totals: list[tuple[Figure, Estimate]],
          trace: Trace) -> list[tuple[Figure, Estimate]]:
    """Step 3c: one estimate per claimant and document from their group figures, a floor
    beside a whole figure or where another claimant names a group the sum leaves out."""
    sums: dict[tuple, list[tuple[Figure, Estimate]]] = {}
    for f, e in parts:
        sums.setdefault((f.source_id, f.claimant), []).append((f, e))
    named = {f.actor_id for f, _ in parts}
    out = []
    for members in sums.values():
        counted = {f.actor_id for f, _ in members}
        summed = _summed([e for _, e in members], floor=bool(totals) or counted != named)
        if summed is not None:
            out.append((members[0][0], summed))
            continue
        beside = [t.ref for t, _ in totals] or [f.ref for f, _ in parts if f.actor_id not in counted]
        for f, _ in members:
            trace.aside(f.ref, 3, "group figure that states no lower bound: says nothing of the whole toll beside",
                        beside)
    return out


def _once(estimates: list[tuple[Figure, Estimate]], trace: Trace) -> list[Estimate]:
    """Step 4: the same figure from one document, or relayed from one outlet and claimant, counts once."""
    kept: list[tuple[Figure, Estimate]] = []
    for f, e in estimates:
        same = next((k for k in kept if k[1].key == e.key and (
            k[0].source_id == f.source_id or (f.cited and (k[0].cited, k[0].claimant) == (f.cited, f.claimant)))), None)
        if same is None:
            kept.append((f, e))
            continue
        why = ("same estimate from the same document counts once, as" if same[0].source_id == f.source_id
               else f"same estimate relayed from {f.cited} by another document counts once, as")
        for ref in e.refs:
            trace.aside(ref, 4, why, same[1].refs)
    trace.estimates = [e for _, e in kept]
    return trace.estimates


def _refs(estimates: Iterable[Estimate]) -> list:
    return [r for e in estimates for r in e.refs]


def _choose(estimates: list[Estimate], trace: Trace) -> None:
    """Steps 5 to 8: low, best, high, open and disputed from the estimates."""
    considered = _refs(estimates)
    if not estimates:
        for name in FATALITY_FIELDS:
            trace.give(name, None, 8, "no usable figure: unknown, not zero")
        return
    floors = [(e.low, e) for e in estimates if e.low is not None]
    low = min((lo for lo, _ in floors), default=0)
    if floors:
        trace.give("fatalities_low", low, 5, "smallest lower bound a figure states",
                   _refs(e for lo, e in floors if lo == low), considered)
    else:
        trace.give("fatalities_low", 0, 5, "no figure states a lower bound (every one is at_most): 0",
                   considered, considered)
    high = max(e.high for e in estimates)
    at_high = [e for e in estimates if e.high == high]
    pool = [e for e in estimates if e.states]
    rule = "lower median of the points of the figures that state the toll"
    if not pool:
        pool, rule = estimates, "lower median of the points (no figure states the toll, only bounds)"
    points = sorted(e.point for e in pool)
    median = points[(len(points) - 1) // 2]
    best = min(max(median, low), high)
    if best != median:
        rule += f", {median}, kept between fatalities_low and fatalities_high"
    trace.give("fatalities_best", best, 5, rule, _refs(e for e in pool if e.point == median), _refs(pool))
    trace.give("fatalities_high", high, 5, "largest upper bound", _refs(at_high), considered)
    opened = all(e.open for e in at_high)
    trace.give("fatalities_high_open", opened, 6,
               "only at_least figures state the largest upper bound" if opened
               else "a figure that is not at_least states the largest upper bound",
               _refs(at_high if opened else [e for e in at_high if not e.open]), considered)
    _disputed(estimates, trace, considered)


def _disputed(estimates: list[Estimate], trace: Trace, considered: list) -> None:
    """Step 7: whether one toll fits every estimate's bounds."""
    bounds = [(e, *e.bounds()) for e in estimates]
    floor, cap = max(b[1] for b in bounds), min(b[2] for b in bounds)
    if floor > cap:
        clash = [e for e, lo, hi in bounds if lo == floor or hi == cap]
        trace.give("fatalities_disputed", True, 7, f"the figures cannot all be true: one says at least {int(floor)}, "
                   f"another at most {int(cap)}", _refs(clash), considered)
    else:
        trace.give("fatalities_disputed", False, 7, "one toll fits every figure", considered, considered)


def trace_fatalities(figures: Iterable[Figure]) -> Trace:
    """FATALITY_RULE, step by step: each step records its decisions in the Trace."""
    trace = Trace()
    _choose(_once(_groups(_usable(figures, trace), trace), trace), trace)
    return trace


def derive_fatalities(figures: Iterable[Figure]) -> tuple:
    """(fatalities_low, fatalities_best, fatalities_high, fatalities_high_open, fatalities_disputed)."""
    return trace_fatalities(figures).values(FATALITY_FIELDS)
