"""Normalized date values of date claims, and the precision each one implies."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_DAY = r"(\d{4})-(\d{2})-(\d{2})"


def parse_date_value(text: str) -> tuple[dt.date, dt.date, str]:
    """Return (first day, last day, precision) for a date claim's value_text.

    Accepted: 2015-01-06 (day), 2013-08-05/2013-08-07 (days), 2013-W32 (week),
    2014-12 (month), 2014 (year). Raises ValueError with a readable message.
    """
    text = text.strip()
    if m := re.fullmatch(_DAY, text):
        day = dt.date.fromisoformat(m.group(0))
        return day, day, "day"
    if m := re.fullmatch(f"({_DAY})/({_DAY})", text):
        start, end = dt.date.fromisoformat(m.group(1)), dt.date.fromisoformat(m.group(5))
        if end < start:
            raise ValueError(f"interval {text!r} ends before it starts")
        return start, end, "day" if start == end else "days"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", text):
        start = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        return start, start + dt.timedelta(days=6), "week"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(m.group(1)), int(m.group(2))
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last), "month"
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    raise ValueError(
        f"{text!r} is not a date value: use yyyy-mm-dd, yyyy-mm-dd/yyyy-mm-dd, yyyy-Www, yyyy-mm or yyyy")
