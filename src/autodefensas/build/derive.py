"""Incident values derived from claims: dates and fatality figures.

Pure functions over plain values, so that each rule is tested on its own and
documented once: the rule texts below are printed in the codebook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

FATALITY_RULE = """\
1. Only `fatalities` claims on the incident with `scope` = incident and a stated
   number count; `unspecified` figures and figures that add up several incidents
   are kept as claims but not used.
2. Each claim gives an estimate (lower bound, upper bound, point): `exact` and
   `about` n give (n, n, n); `at_least` n gives (n, n, n), since n is the most the
   claim states; `at_most` n gives (0, n, n); `range` a-b gives (a, b, floor((a+b)/2)).
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


@dataclass(frozen=True)
class Figure:
    """A figure claim reduced to what the fatality rule needs."""

    source_id: str
    claimant: str | None
    actor_id: str | None
    low: int | None
    high: int | None
    qualifier: str
    scope: str = "incident"


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


def derive_fatalities(figures: Iterable[Figure]) -> tuple[int | None, int | None, int | None, bool | None]:
    """(fatalities_low, fatalities_best, fatalities_high, fatalities_high_open) by FATALITY_RULE."""
    usable = [(f, e) for f in figures if f.scope == "incident" and (e := estimate(f)) is not None]
    totals = [(f, e) for f, e in usable if f.actor_id is None]
    per_document: dict[str, set[tuple]] = {}
    if totals:
        for figure, found in totals:
            per_document.setdefault(figure.source_id, set()).add(found)
    else:
        groups: dict[tuple, list[tuple]] = {}
        for figure, found in usable:
            groups.setdefault((figure.source_id, figure.claimant), []).append(found)
        for (source_id, _), parts in groups.items():
            summed = tuple(sum(p[i] for p in parts) for i in range(3)) + (any(p[3] for p in parts),)
            per_document.setdefault(source_id, set()).add(summed)
    estimates = [e for found in per_document.values() for e in found]
    if not estimates:
        return (None, None, None, None)
    points = sorted(e[2] for e in estimates if not e[3]) or sorted(e[2] for e in estimates)
    high = max(e[1] for e in estimates)
    high_open = any(e[3] for e in estimates if e[1] == high)
    return (min(e[0] for e in estimates), points[(len(points) - 1) // 2], high, high_open)


def derive_dates(intervals: Iterable[tuple[dt.date, dt.date, str]]) -> tuple[dt.date, dt.date, str]:
    """(date_start, date_end, date_precision) by DATE_RULE; intervals must not be empty."""
    return min(intervals, key=lambda i: (i[1] - i[0], i[0], i[1]))
