"""Incident values derived from claims: dates here, fatality figures in fatalities.py.

Pure functions over plain values, so that each rule is tested on its own and
documented once: the rule texts are printed in the codebook.

Each step of a derivation reports what it did to a Trace as it does it (the claims it
set aside and why, the value it gave a field and from which claims), so that
`autodefensas explain` tells what this code did, never a second description of it.
The build takes the values of the same Trace (derive_fatalities, derive_dates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable

from .fatalities import FATALITY_FIELDS, FATALITY_RULE, Estimate, Figure, derive_fatalities, estimate, trace_fatalities
from .trace import SetAside, Step, Trace

__all__ = ["DATE_FIELDS", "DATE_RULE", "FATALITY_FIELDS", "FATALITY_RULE", "Estimate", "Figure", "Interval",
           "SetAside", "Step", "Trace", "derive_dates", "derive_fatalities", "estimate", "trace_dates",
           "trace_fatalities"]

DATE_RULE = """\
Every incident has at least one `date` claim. Each gives an interval (a day, an
interval of days, an ISO week, a month or a year). The incident takes the narrowest
interval (the earliest when two are equally narrow): date_start and date_end are
its first and last day and date_precision its kind (day, days, week, month, year)."""

DATE_FIELDS = ("date_start", "date_end", "date_precision")

Interval = tuple[dt.date, dt.date, str]


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
