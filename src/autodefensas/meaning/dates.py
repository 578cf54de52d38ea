"""Date claims against their quotes: the weekday, the day and month, and relative dates.

A date claim's value_text is resolved by the coder; its quote says what the text gives.
Three slips are caught here, each at the value_text line:
- coding.date-day-month: "Tuesday, December 16" or "el 25 de mayo" coded as a date that
  does not hold that day (with the quote's year, else any year the value spans);
- coding.date-weekday: "on Monday" coded as a Tuesday, or "Tuesday, December 16" where
  16 December of the coded year is no Tuesday (the year was resolved wrongly, or the text
  names the wrong weekday);
- coding.date-after-publication: "earlier in the week" coded as a whole ISO week that
  runs past the publication date (the start after publication is rules.after-publication).
When a quote names several dates, one that fits is enough: the others may be the end of a
range, the date of a report or of another event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from ..build.records import Document
from ..report import Problem
from ..tableschema.dates import parse_date_value
from .datewords import Mention, find_mentions, reckoned, relative_words

_UNSURE = "if the coded date is right, quote the words that give it (and say why in note)"


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    hint: str


def check_dates(document: Document) -> list[Problem]:
    """The date claims of one document whose value disagrees with their quote."""
    source = document.source.row
    published = source.get("published_date")
    published = published if isinstance(published, dt.date) else None
    language = source.get("language") or "en"
    problems = []
    for claim in document.claims:
        row = claim.row
        if row.get("claim_type") != "date" or not row.get("value_text") or not row.get("quote"):
            continue
        for finding in check_date(row["quote"], language, str(row["value_text"]), published):
            problems.append(Problem(
                rule=finding.rule, file=claim.file, line=claim.line_of("value_text"),
                message=f"claim {row.get('id')}: {finding.message}", hint=finding.hint,
                table="claims", key=row.get("claim_id"), field="value_text", value=str(row["value_text"])))
    return problems


def check_date(quote: str, language: str, value_text: str, published: dt.date | None = None) -> list[Finding]:
    """What in quote disagrees with the date value_text (a pure function, for tests)."""
    try:
        start, end, _ = parse_date_value(value_text)
    except ValueError:
        return []  # coding.date-format has said so
    mentions = find_mentions(quote, language)
    if not mentions and published is None:
        return []
    coded = _shown(value_text, start, end)
    findings = []
    dated = [m for m in mentions if m.day is not None]
    fitting = [m for m in dated if _days(m, start, end)]
    # a quote that reckons the date from another, or from the time of writing, may name a
    # date that is not the event's: only what fits the value is checked further
    other_dates = reckoned(quote, language)
    if dated and not fitting and not other_dates:
        findings.append(_day_finding(dated[0], value_text, coded, start, end, published))
    for mention in fitting:
        if mention.weekday is not None:
            days = _days(mention, start, end)
            if not any(day.weekday() == mention.weekday for day in days):
                findings.append(_self_finding(mention, days[0], published))
    lone = [m for m in mentions if m.day is None]
    if lone and not dated and not other_dates and not any(
            _has_weekday(m.weekday, start, end) for m in lone):  # type: ignore[arg-type]
        findings.append(_weekday_finding(lone[0], coded, start, end, published))
    relative = relative_words(quote, language, mentions)
    if relative and published is not None and start <= published < end:
        fix = published.isoformat() if start == published else f"{start.isoformat()}/{published.isoformat()}"
        findings.append(Finding(
            "coding.date-after-publication",
            f"the quote dates the event from the time of writing ({relative!r}), but {coded} ends after "
            f"the publication date {published.isoformat()}",
            f'end the date at the publication date: value_text: "{fix}" (and say why in note)'))
    return findings


# --- what fits --------------------------------------------------------------------------------

def _days(mention: Mention, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days from start to end that have the mention's day (and month and year, if given)."""
    if mention.month is not None:
        years = [mention.year] if mention.year else range(start.year, end.year + 1)
        candidates = [_date(year, mention.month, mention.day) for year in years]
    else:
        candidates = [_date(year, month, mention.day) for year, month in _months(start, end)]
    return [day for day in candidates if day is not None and start <= day <= end]


def _months(start: dt.date, end: dt.date):
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _date(year: int, month: int, day: int | None) -> dt.date | None:
    try:
        return dt.date(year, month, day or 0)
    except ValueError:
        return None  # 30 February, 31 April


def _has_weekday(weekday: int, start: dt.date, end: dt.date) -> bool:
    span = (end - start).days
    return span >= 6 or any((start + dt.timedelta(days=k)).weekday() == weekday for k in range(span + 1))


# --- findings ---------------------------------------------------------------------------------

def _day_finding(mention: Mention, value_text: str, coded: str, start: dt.date, end: dt.date,
                 published: dt.date | None) -> Finding:
    meant = _nearest_date(mention, start, published)
    if meant is None:
        fix = _UNSURE
    elif start == end:
        fix = f'write value_text: "{meant.isoformat()}" if that is the day meant; {_UNSURE}'
    else:
        fix = f"widen the interval to hold {meant.isoformat()}, or {_UNSURE}"
    held = f"the coded date is {coded}" if start == end else f"the coded dates {coded} do not hold it"
    return Finding("coding.date-day-month", f"the quote gives {mention.words!r}, but {held}", fix)


def _self_finding(mention: Mention, day: dt.date, published: dt.date | None) -> Finding:
    """A weekday named with a day that is not that day's weekday in the coded year."""
    said, actual = _weekday_name(mention.weekday), _weekday_name(day.weekday())
    other = None if mention.year else _nearest_date(mention, day, published)
    if other is not None and other.year != day.year:
        fix = (f'{other.isoformat()} is a {said}: if the text means it, the date was resolved to the wrong '
               f'year; write value_text: "{other.isoformat()}"')
    else:
        fix = "check the text: if it names the wrong weekday, quote only the day and month and say so in note"
    return Finding("coding.date-weekday",
                   f"the quote gives {mention.words!r}, but {day.isoformat()} is a {actual}, not a {said}", fix)


def _weekday_finding(mention: Mention, coded: str, start: dt.date, end: dt.date,
                     published: dt.date | None) -> Finding:
    said = _weekday_name(mention.weekday)
    what = f"the coded date is {coded}" if start == end else f"no day of {coded} is a {said}"
    # the nearest such weekday to the coded date, not after publication
    days = [start + dt.timedelta(days=k) for k in range(-6, 7)]
    days = [d for d in days if d.weekday() == mention.weekday and (published is None or d <= published)]
    meant = min(days, key=lambda d: (abs((d - start).days), d > start), default=None)
    fix = (f'write value_text: "{meant.isoformat()}" if that {said} is the day meant; {_UNSURE}'
           if meant else _UNSURE)
    return Finding("coding.date-weekday", f"the quote says {mention.words!r}, but {what}", fix)


def _nearest_date(mention: Mention, near: dt.date, published: dt.date | None) -> dt.date | None:
    """The date the mention most likely means: its day (and month, year and weekday, when
    given) nearest to the coded date, not after publication."""
    if mention.month is not None:
        years = [mention.year] if mention.year else range(near.year - 6, near.year + 7)
        candidates = [_date(year, mention.month, mention.day) for year in years]
    else:
        months = list(_months(_shift_month(near, -12), _shift_month(near, 12)))
        candidates = [_date(year, month, mention.day) for year, month in months]
    fits = [d for d in candidates if d is not None and (published is None or d <= published)
            and (mention.weekday is None or d.weekday() == mention.weekday)]
    return min(fits, key=lambda d: abs((d - near).days), default=None)


def _shift_month(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _shown(value_text: str, start: dt.date, end: dt.date) -> str:
    if start == end:
        return f"{value_text} (a {_weekday_name(start.weekday())})"
    if value_text == f"{start.isoformat()}/{end.isoformat()}":
        return value_text
    return f"{value_text} ({start.isoformat()} to {end.isoformat()})"


@cache
def _weekday_name(weekday: int | None) -> str:
    from babel.dates import get_day_names

    return get_day_names("wide", locale="en")[weekday]
