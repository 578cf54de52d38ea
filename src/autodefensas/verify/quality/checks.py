"""What the quality suite checks: polars aggregates of the tables, and the expectations on them.

Only what a Table Schema cannot say (the contract layer checks required, unique, enum,
pattern, ranges and lengths): the share of day-precise dates, plausible fatality
figures, documents no claim cites, and published rows removed since the baseline
without a withdrawal. (Likely duplicate incidents are the rules layer's:
verify/duplicates.py.)

aggregate() computes, with polars, a few small frames in one parallel run:
``incidents`` and ``claims`` (one-row profiles), ``document_citations`` (one row) and
``removed_rows`` (one row per table, when a baseline is known). plan() makes the
expectations on them; great-expectations then validates frames of a few rows, so its
cost does not grow with the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ... import paths

# Thresholds of the statistical checks, in one place so that a reviewer can see and
# change them together.
THRESHOLDS = {
    # Least share of incidents whose date is known to the day (date_precision "day").
    # Users build daily and weekly series, and news articles usually give the day. A share
    # below 40 % means the dataset has stopped being usable at that resolution, usually
    # because coders fell back to "month" or "days" where the text gives the day.
    "day_precision_mostly": 0.4,
    # Largest plausible death toll of one incident, and of one fatality claim: hundreds or
    # thousands are almost certainly a typo or a cumulative toll coded as one event.
    "fatalities_max": 500,
}
FATALITY_COLUMNS = ("fatalities_low", "fatalities_best", "fatalities_high")
FATALITY_CLAIM_COLUMNS = ("value_low", "value_high")
# The table each aggregate frame reports on.
FRAME_TABLES = {"incidents": "incidents", "claims": "claims", "document_citations": "sources",
                "removed_rows": "data"}
ROW = "_row"  # a row-index column: CSV line = index + 2


@dataclass
class Aggregates:
    """What GX validates (``frames``), and the tables to query when a check fails."""

    frames: dict[str, pl.DataFrame]
    tables: dict[str, pl.DataFrame]
    citations: pl.DataFrame                         # per document: _row, source_id, n_claims
    removed: dict[str, tuple[list[str], list[str]]]  # table -> (gone, gone without a withdrawal)


def aggregate(tables: dict[str, pl.DataFrame], removed: dict[str, tuple[list[str], list[str]]]) -> Aggregates:
    """The small frames the quality suite validates, computed with polars in one parallel run."""
    incidents, claims = tables["incidents"].lazy(), tables["claims"].lazy()
    day = (pl.col("date_precision") == "day").sum().cast(pl.Int64)
    known = pl.col("date_precision").count()
    fatality = pl.col("claim_type") == "fatalities"
    queries = {
        "incidents": incidents.select(
            pl.len().cast(pl.Int64).alias("_rows"), day.alias("date_precision__day"),
            known.cast(pl.Int64).alias("date_precision__known"),
            pl.when(known > 0).then(day / known).otherwise(None).alias("date_precision__day_share"),
            *(pl.col(c).max().alias(f"{c}__max") for c in FATALITY_COLUMNS)),
        "claims": claims.select(*(pl.col(c).filter(fatality).max().alias(f"{c}__max_in_fatality_claims")
                                  for c in FATALITY_CLAIM_COLUMNS)),
        "citations": _citations(tables["sources"].lazy(), claims),
    }
    collected = dict(zip(queries, pl.collect_all(list(queries.values()))))
    citations = collected.pop("citations")
    collected["document_citations"] = citations.select(
        pl.len().cast(pl.Int64).alias("documents"),
        (pl.col("n_claims") == 0).sum().cast(pl.Int64).alias("documents_without_claims"))
    if removed:
        collected["removed_rows"] = pl.DataFrame(
            {"table": list(removed), "removed": [len(gone) for gone, _ in removed.values()],
             "undeclared": [len(undeclared) for _, undeclared in removed.values()]},
            schema={"table": pl.String, "removed": pl.Int64, "undeclared": pl.Int64})
    return Aggregates(collected, tables, citations, removed)


def _citations(sources: pl.LazyFrame, claims: pl.LazyFrame) -> pl.LazyFrame:
    """Per document source (with its sources.csv row index), the number of claims it makes."""
    counts = claims.group_by("source_id").agg(pl.len().cast(pl.Int64).alias("n_claims"))
    documents = (sources.with_row_index(ROW)
                 .filter((pl.col("role") == "document") & pl.col("source_id").is_not_null())
                 .select(ROW, "source_id"))
    return (documents.join(counts, on="source_id", how="left", maintain_order="left")
            .with_columns(pl.col("n_claims").fill_null(0)))


def plan(aggregates: Aggregates) -> dict[str, list]:
    """For each aggregate frame, its expectations as (GX class name, kwargs, meta); meta holds
    the rule, what is expected and ``check``: what to query when the expectation fails."""
    frames = aggregates.frames
    mostly, limit = THRESHOLDS["day_precision_mostly"], THRESHOLDS["fatalities_max"]
    out: dict[str, list] = {"incidents": [_expect(frames["incidents"], "date_precision__day_share", mostly, None, {
        "rule": "quality.date-precision", "expected": f"at least {mostly:.0%} of incidents with date_precision "
        "'day'", "check": ["day-share"]})]}
    out["incidents"] += [_expect(frames["incidents"], f"{column}__max", None, limit, {
        "rule": "quality.fatalities", "expected": f"{column} at most {limit}", "check": ["fatalities", column]})
        for column in FATALITY_COLUMNS]
    out["claims"] = [_expect(frames["claims"], f"{column}__max_in_fatality_claims", None, limit, {
        "rule": "quality.fatalities", "expected": f"{column} of fatality claims at most {limit}",
        "check": ["fatality-claims", column]}) for column in FATALITY_CLAIM_COLUMNS]
    out["document_citations"] = [_expect(frames["document_citations"], "documents_without_claims", None, 0, {
        "rule": "quality.uncited-document", "expected": "every document source cited by at least one claim",
        "check": ["uncited-documents"]})]
    if "removed_rows" in frames:
        out["removed_rows"] = [("ExpectColumnValuesToBeBetween",
                                {"column": "undeclared", "min_value": None, "max_value": 0}, {
            "rule": "quality.removed-rows", "expected": f"no row of the baseline removed unless "
            f"{paths.WITHDRAWN} lists it", "check": ["removed-rows"]})]
    return out


def _expect(frame: pl.DataFrame, column: str, low, high, meta: dict) -> tuple:
    """Bounds on the value of a one-row aggregate column.

    ExpectColumnMaxToBeBetween: on one row the maximum is the value, and Data Docs then
    show it as the observed value. A null aggregate (the maximum of no values) would fail
    it, so there ExpectColumnValuesToBeBetween, which passes nulls.
    """
    kind = "ExpectColumnMaxToBeBetween" if frame[column][0] is not None else "ExpectColumnValuesToBeBetween"
    return (kind, {"column": column, "min_value": low, "max_value": high}, meta)
