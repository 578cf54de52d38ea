"""The date criterion of find: the searched date against each incident's [date_start, date_end].

Both are intervals of days (the searched date is read with the date grammar of claims, so a
month is its first to its last day). Scores, best first:

- the same interval: 1.0;
- one contains the other (a month contains its days, an interval of days the day inside it):
  0.6 to 1.0, higher the closer the two lengths (the square root of shorter / longer), so a
  day inside a three-day incident ranks above a day inside a month-level incident;
- they overlap in part: 0.5 to 0.6, by the share of days in common;
- a near miss, the two NEAR_DAYS or fewer days apart: 0.45, 0.35, 0.25 for 1, 2, 3 days,
  always below any overlap. A report's date is often resolved from "yesterday" or "on
  Monday" against a publication date, and events run past midnight, so a day or two off
  is a common slip; at more than three days apart it is more likely another event.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ...tableschema.dates import DATE_FORMS_HELP, parse_date_value
from .errors import FindError

NEAR_DAYS = 3


@dataclass(frozen=True)
class DateQuery:
    start: dt.date
    end: dt.date
    label: str  # the date as the grammar writes it (what reasons quote)


def read_date(text: str) -> DateQuery:
    """The searched date, or FindError with the date grammar's help."""
    try:
        start, end, _ = parse_date_value(text)
    except ValueError as exc:
        why = str(exc)
        raise FindError(f"--date {text!r} is not a date: "
                        + (why if DATE_FORMS_HELP in why else f"{why}; {DATE_FORMS_HELP}")) from None
    return DateQuery(start, end, text.strip())


def incident_label(row: dict[str, str]) -> str:
    """An incident's dates as the date grammar writes them, by its date_precision."""
    start, end, precision = row.get("date_start", ""), row.get("date_end", ""), row.get("date_precision", "")
    if precision == "day" or (start and start == end):
        return start
    if precision == "month":
        return start[:7]
    if precision == "year":
        return start[:4]
    if precision == "week":
        try:
            year, week, _ = dt.date.fromisoformat(start).isocalendar()
            return f"{year}-W{week:02d}"
        except ValueError:
            pass
    return f"{start}/{end}"


def score_date(query: DateQuery, row: dict[str, str]) -> tuple[float, str]:
    """(score, reason) of one incident; score 0 when the dates neither meet nor come near."""
    label = incident_label(row)
    try:
        start = dt.date.fromisoformat(row["date_start"])
        end = dt.date.fromisoformat(row.get("date_end") or row["date_start"])
    except (KeyError, ValueError):
        return 0.0, "dates unknown: the incident has no readable date_start"
    if (start, end) == (query.start, query.end):
        return 1.0, f"dates equal: {label}"
    days_incident, days_query = (end - start).days + 1, (query.end - query.start).days + 1
    if start <= query.start and query.end <= end:
        return _contained(days_query, days_incident), f"dates overlap: {label} contains {query.label}"
    if query.start <= start and end <= query.end:
        return _contained(days_incident, days_query), f"dates overlap: {label} lies within {query.label}"
    first, last = max(start, query.start), min(end, query.end)
    if first <= last:
        common = (last - first).days + 1
        union = (max(end, query.end) - min(start, query.start)).days + 1
        shared = first.isoformat() if common == 1 else f"{first.isoformat()}/{last.isoformat()}"
        return 0.5 + 0.1 * common / union, f"dates overlap: {label} and {query.label} share {shared}"
    gap = (query.start - end).days if end < query.start else (start - query.end).days
    side = "before" if end < query.start else "after"
    when = f"{gap} day{'s' if gap > 1 else ''} {side} {query.label}"
    if gap <= NEAR_DAYS:
        return 0.45 - 0.1 * (gap - 1), f"dates near: {label} is {when}"
    return 0.0, f"dates do not match: {label} is {when}"


def _contained(shorter: int, longer: int) -> float:
    return 0.6 + 0.4 * math.sqrt(shorter / longer)
