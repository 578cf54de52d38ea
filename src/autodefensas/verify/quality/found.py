"""What a failed quality check found: the offending rows, queried from polars only on failure."""

from __future__ import annotations

import polars as pl

from ... import paths
from ...report import Problem
from .checks import ROW, THRESHOLDS, Aggregates

MAX_EXAMPLES = 5  # offending values (or lines) quoted in a message
SHOW_MAX = 150    # characters of a value quoted in a message


def problems_for(meta: dict, aggregates: Aggregates) -> list[Problem]:
    """The problems of one failed expectation (its meta says what it checked)."""
    kind, *args = meta["check"]
    rule, expected = meta["rule"], meta["expected"]
    if kind == "removed-rows":
        return _removed_rows(rule, aggregates)
    table, line, found = FOUND[kind](aggregates, *args)  # type: ignore[operator]
    return [Problem(rule=rule, file=paths.csv(table), line=line, table=table, row=line,
                    message=f"expected {expected}; found {found}")]


def _day_share(aggregates: Aggregates) -> tuple[str, int | None, str]:
    profile = aggregates.frames["incidents"]
    day, known = profile["date_precision__day"][0], profile["date_precision__known"][0]
    return "incidents", None, f"{profile['date_precision__day_share'][0]:.0%} ({day} of {known} incidents)"


def _fatalities(aggregates: Aggregates, column: str) -> tuple[str, int | None, str]:
    limit = THRESHOLDS["fatalities_max"]
    count, examples = _offending(aggregates.tables["incidents"], pl.col(column) > limit, column)
    return ("incidents",) + _examples(count, "incident", f"above {limit}", examples)


def _fatality_claims(aggregates: Aggregates, column: str) -> tuple[str, int | None, str]:
    limit = THRESHOLDS["fatalities_max"]
    condition = (pl.col("claim_type") == "fatalities") & (pl.col(column) > limit)
    count, examples = _offending(aggregates.tables["claims"], condition, column)
    return ("claims",) + _examples(count, "fatality claim", f"above {limit}", examples)


def _uncited_documents(aggregates: Aggregates) -> tuple[str, int | None, str]:
    uncited = aggregates.citations.filter(pl.col("n_claims") == 0)
    rows = [(source_id, index + 2) for index, source_id in uncited.head(MAX_EXAMPLES).select(ROW, "source_id").rows()]
    shown = ", ".join(f"{source_id} (line {line})" for source_id, line in rows)
    return "sources", rows[0][1], f"{_n(uncited.height, 'document')} without claims: {shown}" + (
        _more(uncited.height, len(rows)))


def _removed_rows(rule: str, aggregates: Aggregates) -> list[Problem]:
    out = []
    for table, (_, undeclared) in aggregates.removed.items():
        if undeclared:
            shown = ", ".join(undeclared[:MAX_EXAMPLES]) + _more(len(undeclared), MAX_EXAMPLES)
            out.append(Problem(rule=rule, file=paths.csv(table), table=table, key=undeclared[0],
                               message=f"{_n(len(undeclared), 'row')} of the baseline removed without a "
                                       f"withdrawal in {paths.WITHDRAWN}: {shown}"))
    return out


FOUND = {"day-share": _day_share, "fatalities": _fatalities, "fatality-claims": _fatality_claims,
         "uncited-documents": _uncited_documents}


def _offending(rows: pl.DataFrame, condition: pl.Expr, column: str) -> tuple[int, list[tuple]]:
    """(number of rows meeting condition, [(value of column, CSV line)] of the first few)."""
    matching = rows.lazy().with_row_index(ROW).filter(condition)
    count, first = pl.collect_all([matching.select(pl.len()), matching.select(ROW, column).head(MAX_EXAMPLES)])
    return count.item(), [(value, index + 2) for index, value in first.rows()]


def _examples(count: int, noun: str, what: str, examples: list[tuple]) -> tuple[int | None, str]:
    shown = ", ".join(f"{_show(value)} at line {line}" for value, line in examples)
    first = examples[0][1] if examples else None
    shown = f", e.g. {shown}{_more(count, len(examples))}" if examples else ""
    return first, f"{_n(count, noun)} {what}{shown}"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _more(count: int, shown: int) -> str:
    return f", and {count - shown} more" if count > shown else ""


def _show(value) -> str:
    if value is None:
        return "empty"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = repr(value)  # IDs (up to 140 characters) are shown whole, long texts cut
    return text if len(text) <= SHOW_MAX else text[:SHOW_MAX - 3] + "..."
