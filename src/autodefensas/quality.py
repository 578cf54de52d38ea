"""Quality layer: great-expectations over polars aggregates of the dataset, as Data Docs HTML.

``quality_problems()`` takes the tables as polars DataFrames (typed from schemas/, in
CSV order: row i is CSV line i + 2) and works in two steps:

1. ``aggregate()`` computes, with polars, a few small frames: one lazy ``select`` of
   many aggregate expressions per table, all run at once with ``pl.collect_all``.
   Those frames are
   - ``sources``, ``actors``, ``incidents``, ``claims``: a one-row *profile* with
     ``_rows`` (row count), ``_columns`` (the column list, as JSON) and per field
     what its schema constraints need: ``<field>__nulls``, ``__duplicates`` (rows
     whose value occurs more than once), ``__outside_enum``, ``__min``/``__max``,
     ``__min_length``/``__max_length``, ``__pattern_mismatches`` (the Table Schema
     pattern as a whole-value match, ``^(?:p)$``); for incidents also
     ``date_precision__day``/``__day_share`` and for claims the largest
     ``value_low``/``value_high`` of fatality claims
     (``value_low__max_in_fatality_claims``);
   - ``incident_duplicates``: the groups of two or more incidents without
     distinct_from that share date_start, state_code, municipality_code and
     event_type (an empty municipality_code counts as a value; rows missing one of
     the other three are left to the required checks), usually no rows;
   - ``document_citations``: one row: how many document sources there are, how many
     no claim cites, and the fewest claims of a document (counted per document with a
     join of the claims' counts onto the documents).
2. great-expectations 1.x validates those frames (converted to pandas: a few rows at
   most), without a GX project: an ephemeral context, one pandas data source, one
   dataframe asset, ExpectationSuite and ValidationDefinition per frame. The
   expectations are generated from schemas/ (required: nulls 0; unique: duplicates 0;
   enum: outside_enum 0; minimum/maximum: bounds on min/max; minLength/maxLength:
   bounds on the lengths; pattern: mismatches 0; the ordered column list), plus the
   row-count floor from a git baseline, the share of day-precision dates, plausible
   fatalities, no duplicate groups, no uncited documents. A bound on an aggregate is
   an ExpectColumnMaxToBeBetween on its one-row column, so that Data Docs show the
   aggregate as the observed value (ExpectColumnValuesToBeBetween when it is null: a
   minimum of no values passes); the column list an ExpectColumnValuesToBeInSet of its
   JSON; the duplicate groups an ExpectTableRowCountToEqual 0.

Every failed expectation becomes one Problem (layer "quality") naming the CSV, what
was expected and what was found. Only for failed checks is the table queried again
(polars, filter + head) for the count, a few offending values and their CSV lines; the
Problem's line is the first offending row's. Rules: quality.columns, quality.required,
quality.unique, quality.enum, quality.range, quality.length, quality.pattern,
quality.row-count, quality.row-count-baseline (warning: check skipped),
quality.date-precision, quality.fatalities, quality.duplicate-incident,
quality.uncited-document; an expectation that raised is reported under its own rule as a
warning, and so is a check whose columns are missing from the frame (the columns check
reports those as errors). A column whose dtype does not fit its schema type raises
TypeError: that is the caller's bug, not the data's.

Cost, measured on a 2-core machine (polars 2.1, great-expectations 1.24, pandas 3.1;
``time.perf_counter`` around each step, best and worst of 2-3 runs, other jobs running
at times; ``/usr/bin/time`` for whole processes):

- dataset 0.1.0 (14 sources, 42 actors, 16 incidents, 106 claims; 86 expectations in 6
  validations): importing great_expectations 3.3-3.4 s (lazily, inside the function, so
  the other layers do not pay it); aggregation 0.02 s; validation 0.8-0.9 s; Data Docs
  0.5 s. A whole process (Python, imports, reading and typing the CSVs with polars, the
  layer with Data Docs) takes 6.0-7.0 s.
- a synthetic dataset built in memory from it (sources x7,143 = 100,002, actors x1,000 =
  42,000, incidents x62,500 = 1,000,000 with dates and municipality codes shifted per
  copy, claims x28,302 = 3,000,012 citing the copied documents; fresh IDs; 4.14 million
  rows, 1.9 GB resident): aggregation 0.8-2.2 s (about 2 s on a process's first call,
  0.8-1.0 s on repeated calls; the largest parts are the claim_id pattern and unique
  checks, 0.3-0.5 s each); validation 0.8 s; Data Docs 0.5-0.6 s. The whole process,
  building the synthetic tables included (3.7 s), takes 10.5-11 s.

So GX costs the same at 4 million rows as at 178: only the polars aggregation grows with
the data. The 86 expectations cost GX's fixed overhead per expectation; result_format
BASIC (not SUMMARY) saves about a third of it. A failed check costs one more polars
filter over its table to find the count, examples and lines (at 4 million rows, four
failed checks on sources, claims and incidents added 0.35-0.4 s). The uniqueness
aggregate is a screen (distinct 64-bit hashes against values), redone exactly with
``is_duplicated`` only when it flags something: on 3 million claim IDs 0.2-0.4 s
instead of 0.9 s. Frames made of many chunks (``pl.concat`` of many pieces) aggregate
more slowly: ``rechunk()`` them first.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import subprocess
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from .problems import Problem
from .schema import TABLES, TableSchema

LAYER = "quality"

# Thresholds of the statistical checks, in one place so that a reviewer can see and
# change them together.
THRESHOLDS = {
    # Least share of incidents whose date is known to the day (date_precision "day").
    # Users build daily and weekly series, and news articles usually give the day
    # (0.1.0: 9 of 16 incidents). A share below 40 % means the dataset has stopped being
    # usable at that resolution, usually because coders fell back to "month" or "days"
    # where the text gives the day.
    "day_precision_mostly": 0.4,
    # Largest plausible death toll of one incident, and of one fatality claim. The
    # deadliest incidents coded so far have tens of dead (43 at most); hundreds or
    # thousands are almost certainly a typo or a cumulative toll (a year's dead) coded
    # as one event.
    "fatalities_max": 500,
}

DATA_SOURCE = "autodefensas"
DOCS_SITE = "quality"
CHANGELOG = "CHANGELOG.md"
MAX_EXAMPLES = 5  # offending values (or lines) quoted in a message
SHOW_MAX = 150  # characters of a value quoted in a message

DUPLICATE_KEY = ("date_start", "state_code", "municipality_code", "event_type")
FATALITY_COLUMNS = ("fatalities_low", "fatalities_best", "fatalities_high")
FATALITY_CLAIM_COLUMNS = ("value_low", "value_high")
FRAME_FILES = {"incident_duplicates": "incidents", "document_citations": "sources"}

# The polars dtype a frame's column has, by Table Schema type. Also accepted, and cast:
# pl.Null (a column without values), Categorical or Enum for string, any integer for
# integer, any numeric for number. Anything else raises TypeError.
DTYPES = {"string": pl.String, "integer": pl.Int64, "number": pl.Float64,
          "boolean": pl.Boolean, "date": pl.Date}

_ROW = "_row"  # the row-index column added for the failure queries
_REGENERATE = ("data/ is generated: fix seeds/ (or the registries in seeds/registry/), "
               "then run `autodefensas build`")
_FATALITY_HINT = ("check the figure against the quote: a typo, or a cumulative toll coded as "
                  "one event (use scope: several_incidents for it)")


def quality_problems(root: Path, frames: dict[str, pl.DataFrame], schemas: dict[str, TableSchema],
                     docs_dir: Path | None = None, baseline: str | None = "HEAD") -> list[Problem]:
    """Validate aggregates of ``frames`` with great-expectations; one Problem per failed check.

    ``frames`` maps each of sources, actors, incidents, claims to a polars DataFrame in
    CSV row order, typed from ``schemas`` (see ``DTYPES``; cells that failed to parse are
    null). ``baseline`` is the git ref whose data/*.csv row counts the tables may not fall
    below without a "removed ... <table>" line in the first section of CHANGELOG.md;
    None (or no git, no such ref) skips that check with a warning. With ``docs_dir``,
    Data Docs HTML is rendered there (``docs_dir/index.html``).
    """
    root = Path(root)
    problems: list[Problem] = []
    counts, baseline_warning = baseline_row_counts(root, baseline)
    if baseline_warning:
        problems.append(baseline_warning)
    allowed_shrink = changelog_removals(root)

    aggregates = aggregate(frames, schemas)
    plan, skipped = _plan(aggregates, schemas, counts, allowed_shrink)
    problems.extend(skipped)
    results = _run_gx(aggregates.frames, plan, docs_dir)
    for name, result in results:
        problems.extend(_problems(name, result, aggregates, schemas))
    return problems


# --- baseline ---------------------------------------------------------------------------------

def baseline_row_counts(root: Path, baseline: str | None) -> tuple[dict[str, int], Problem | None]:
    """Row counts of data/<table>.csv at the git ref ``baseline``, and a warning if skipped."""
    if baseline is None:
        return {}, _baseline_warning("no baseline was given")
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree")
    except FileNotFoundError:
        return {}, _baseline_warning("git is not installed")
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        said = inside.stderr.decode("utf-8", "replace").strip().splitlines()
        if inside.returncode == 0 or not said or "not a git repository" in said[0]:
            return {}, _baseline_warning(f"{root.resolve()} is not in a git checkout")
        return {}, _baseline_warning(f"git cannot read {root.resolve()}: {said[0]}")
    if _git(root, "rev-parse", "--verify", "--quiet", f"{baseline}^{{commit}}").returncode != 0:
        return {}, _baseline_warning(f"the git ref {baseline!r} does not exist")
    counts, missing = {}, []
    for table in TABLES:
        # "./" makes the path relative to root, which may be below the repository's top.
        shown = _git(root, "show", f"{baseline}:./data/{table}.csv")
        if shown.returncode != 0:
            missing.append(f"data/{table}.csv")
            continue
        counts[table] = count_records(shown.stdout)
    warning = None
    if missing:
        warning = _baseline_warning(f"{', '.join(missing)} not at {baseline!r}",
                                    partly=bool(counts))
    return counts, warning


def count_records(data: bytes) -> int:
    """Records in CSV bytes (header excluded; quoted newlines do not start a record)."""
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return max(sum(1 for row in rows if row) - 1, 0)


def changelog_removals(root: Path) -> set[str]:
    """Tables named on a line containing "removed" in CHANGELOG.md's first "## " section."""
    path = root / CHANGELOG
    if not path.exists():
        return set()
    section, inside = [], False
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("## "):
            if inside:
                break
            inside = True
            continue
        if inside:
            section.append(line)
    removed = [line for line in section if "removed" in line.lower()]
    return {table for table in TABLES
            if any(re.search(rf"\b{table}\b", line, re.IGNORECASE) for line in removed)}


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)


def _baseline_warning(why: str, partly: bool = False) -> Problem:
    what = "skipped for those tables" if partly else "skipped"
    return Problem(LAYER, "data/", None, "quality.row-count-baseline",
                   f"the row-count check against the git baseline was {what}: {why}",
                   "run verify in a git checkout with the baseline ref available (in CI, fetch "
                   "the history: actions/checkout with fetch-depth: 0)", "warning")


# --- aggregation (polars) ---------------------------------------------------------------------

@dataclass
class Aggregates:
    """What GX validates (``frames``), and the typed tables to query when a check fails."""

    frames: dict[str, pl.DataFrame]  # profiles (one row each), incident_duplicates, document_citations
    tables: dict[str, pl.LazyFrame]  # the input frames with fields cast to DTYPES, lazily
    columns: dict[str, list[str]]    # the input frames' columns, in order
    citations: pl.DataFrame | None   # per document source: _row, source_id, n_claims


def pattern_regex(pattern: str) -> str:
    """A Table Schema pattern as a whole-value regex for polars (Rust regex: $ is end of text)."""
    return f"^(?:{pattern})$"


def aggregate(frames: dict[str, pl.DataFrame], schemas: dict[str, TableSchema]) -> Aggregates:
    """The small frames the quality suite validates, computed with polars in one parallel run."""
    tables = {name: _typed(name, frames[name], schemas[name]) for name in TABLES}
    columns = {name: list(frames[name].columns) for name in TABLES}
    queries: dict[str, pl.LazyFrame] = {}
    for name in TABLES:
        exprs = [pl.len().cast(pl.Int64).alias("_rows"),
                 pl.lit(json.dumps(columns[name])).alias("_columns")]
        exprs += _field_aggregates(schemas[name], columns[name])
        exprs += _table_aggregates(name, columns[name])
        queries[name] = tables[name].select(exprs)
    if set(DUPLICATE_KEY) | {"incident_id"} <= set(columns["incidents"]):
        queries["incident_duplicates"] = _duplicate_groups(tables["incidents"], columns["incidents"])
    if {"source_id", "role"} <= set(columns["sources"]) and "source_id" in columns["claims"]:
        queries["citations"] = _citations(tables["sources"], tables["claims"])
    collected = dict(zip(queries, pl.collect_all(queries.values())))
    for name in TABLES:
        collected[name] = _exact_duplicates(collected[name], tables[name])
    citations = collected.pop("citations", None)
    if citations is not None:
        collected["document_citations"] = citations.select(
            pl.len().cast(pl.Int64).alias("documents"),
            (pl.col("n_claims") == 0).sum().cast(pl.Int64).alias("documents_without_claims"),
            pl.col("n_claims").min().alias("fewest_claims"))
    return Aggregates(collected, tables, columns, citations)


def _exact_duplicates(profile: pl.DataFrame, table: pl.LazyFrame) -> pl.DataFrame:
    """The profile with each non-zero ``<field>__duplicates`` screen replaced by the number of
    rows whose value occurs more than once (one more pass over the table, only then)."""
    suffix = "__duplicates"
    flagged = [c for c in profile.columns if c.endswith(suffix) and profile[c][0]]
    if not flagged:
        return profile
    exact = table.select([
        (pl.col(f).is_duplicated() & pl.col(f).is_not_null()).sum().cast(pl.Int64).alias(f + suffix)
        for f in (c[:-len(suffix)] for c in flagged)]).collect()
    return profile.with_columns(exact)


def _typed(name: str, frame: pl.DataFrame, schema: TableSchema) -> pl.LazyFrame:
    """The frame, lazily, with each schema field in its DTYPES dtype; TypeError if it cannot be."""
    casts, wrong = [], []
    for field in schema.fields:
        column = field["name"]
        if column not in frame.columns:
            continue
        want, have = DTYPES[field.get("type", "string")], frame.schema[column]
        if have == want:
            continue
        fits = (have == pl.Null
                or (want == pl.String and isinstance(have, (pl.Categorical, pl.Enum)))
                or (want == pl.Int64 and have.is_integer())
                or (want == pl.Float64 and have.is_numeric()))
        if fits:
            casts.append(pl.col(column).cast(want))
        else:
            wrong.append(f"{column} is {have}, not {want}")
    if wrong:
        raise TypeError(f"quality_problems: frame {name!r} is not typed from schemas/"
                        f"{name}.json: {'; '.join(wrong)}")
    lazy = frame.lazy()
    return lazy.with_columns(casts) if casts else lazy


def _field_aggregates(schema: TableSchema, columns: list[str]) -> list[pl.Expr]:
    """Per field, the aggregates its constraints need (fields missing from the frame skipped)."""
    out = []
    for field in schema.fields:
        name, constraints = field["name"], field.get("constraints", {})
        if name not in columns:
            continue
        col, present = pl.col(name), pl.col(name).is_not_null()
        out.append(col.null_count().cast(pl.Int64).alias(f"{name}__nulls"))
        if constraints.get("unique"):
            # A screen: with as many distinct hashes as values there is no duplicate (equal
            # values hash equal). Hashing and counting distinct hashes is several times faster
            # than is_duplicated() on strings; _exact_duplicates() counts the rows only when the
            # screen finds fewer hashes than values (a duplicate, or a 64-bit hash collision).
            out.append((col.count() - col.drop_nulls().hash().n_unique()).cast(pl.Int64)
                       .alias(f"{name}__duplicates"))
        if "enum" in constraints:
            out.append((present & ~col.is_in(list(constraints["enum"]))).sum().cast(pl.Int64)
                       .alias(f"{name}__outside_enum"))
        if field.get("type") in ("integer", "number"):
            out += [col.min().alias(f"{name}__min"), col.max().alias(f"{name}__max")]
        if "minLength" in constraints or "maxLength" in constraints:
            length = col.str.len_chars().cast(pl.Int64)
            out += [length.min().alias(f"{name}__min_length"),
                    length.max().alias(f"{name}__max_length")]
        if "pattern" in constraints and _regex_ok(pattern_regex(constraints["pattern"])):
            out.append((present & ~col.str.contains(pattern_regex(constraints["pattern"])))
                       .sum().cast(pl.Int64).alias(f"{name}__pattern_mismatches"))
    return out


def _regex_ok(regex: str) -> bool:
    """Whether polars (Rust's regex crate: no look-around, no backreferences) accepts regex."""
    try:
        pl.select(pl.lit("").str.contains(regex))
    except pl.exceptions.PolarsError:
        return False
    return True


def _table_aggregates(name: str, columns: list[str]) -> list[pl.Expr]:
    """The aggregates of the statistical checks that are about one table."""
    out = []
    if name == "incidents" and "date_precision" in columns:
        day = (pl.col("date_precision") == "day").sum().cast(pl.Int64)
        known = pl.col("date_precision").count()
        out += [day.alias("date_precision__day"),
                pl.when(known > 0).then(day / known).otherwise(None).alias("date_precision__day_share")]
    if name == "claims" and "claim_type" in columns:
        fatality = pl.col("claim_type") == "fatalities"
        out += [pl.col(c).filter(fatality).max().alias(f"{c}__max_in_fatality_claims")
                for c in FATALITY_CLAIM_COLUMNS if c in columns]
    return out


def _duplicate_groups(incidents: pl.LazyFrame, columns: list[str]) -> pl.LazyFrame:
    """Groups of 2+ incidents without distinct_from sharing DUPLICATE_KEY: key, count, first line."""
    rows = incidents.with_row_index(_ROW)
    if "distinct_from" in columns:
        rows = rows.filter(pl.col("distinct_from").is_null())
    required = [c for c in DUPLICATE_KEY if c != "municipality_code"]
    rows = rows.filter(pl.all_horizontal(pl.col(c).is_not_null() for c in required))
    return (rows.group_by(list(DUPLICATE_KEY))
            .agg(pl.len().cast(pl.Int64).alias("n_incidents"), pl.col(_ROW).min().alias("_first"))
            .filter(pl.col("n_incidents") > 1)
            .sort("_first")
            # The key as text: a date beyond Python's range (year 0) cannot go through pandas.
            .select(*(pl.col(c).cast(pl.String) for c in DUPLICATE_KEY), "n_incidents",
                    (pl.col("_first").cast(pl.Int64) + 2).alias("first_line")))


def _citations(sources: pl.LazyFrame, claims: pl.LazyFrame) -> pl.LazyFrame:
    """Per document source (with its sources.csv row index), the number of claims it makes."""
    counts = claims.group_by("source_id").agg(pl.len().cast(pl.Int64).alias("n_claims"))
    documents = (sources.with_row_index(_ROW)
                 .filter((pl.col("role") == "document") & pl.col("source_id").is_not_null())
                 .select(_ROW, "source_id"))
    return (documents.join(counts, on="source_id", how="left", maintain_order="left")
            .with_columns(pl.col("n_claims").fill_null(0)))


# --- expectations -----------------------------------------------------------------------------

def _plan(aggregates: Aggregates, schemas: dict[str, TableSchema], counts: dict[str, int],
          allowed_shrink: set[str]) -> tuple[dict[str, list], list[Problem]]:
    """For each aggregate frame, the expectations to run on it, as (GX class name, kwargs, meta).

    meta holds the rule, what is expected, the hint and ``check``: what to query when the
    expectation fails. Also returns warnings for checks whose columns are missing.
    """
    plan: dict[str, list] = {}
    skipped: list[Problem] = []
    for table in TABLES:
        profile = aggregates.frames[table]
        plan[table] = _schema_expectations(schemas[table], profile, skipped)
        if table in counts and table not in allowed_shrink:
            plan[table].append(_expect(profile, "_rows", counts[table], None, {
                "rule": "quality.row-count",
                "expected": f"at least the {counts[table]} rows of the baseline",
                "hint": f"rows were removed: if that is intended, say so in {CHANGELOG}'s first "
                        f"section (e.g. \"- Data: removed 3 {table} coded twice\"); otherwise "
                        "restore them in seeds/ and run `autodefensas build`",
                "check": ["rows"]}))

    incidents, claims = aggregates.frames["incidents"], aggregates.frames["claims"]
    mostly, limit = THRESHOLDS["day_precision_mostly"], THRESHOLDS["fatalities_max"]
    day = {"rule": "quality.date-precision",
           "expected": f"at least {mostly:.0%} of incidents with date_precision 'day'",
           "hint": "check that coders give the day where the articles do (codebook: date "
                   "precision); resolve dates without a year against the publication date",
           "check": ["day-share"]}
    plan["incidents"].append(_expect(incidents, "date_precision__day_share", mostly, None, day)
                             or _skip(skipped, "incidents", day, "date_precision"))
    for column in FATALITY_COLUMNS:
        meta = {"rule": "quality.fatalities", "expected": f"{column} at most {limit}",
                "hint": _FATALITY_HINT, "check": ["fatalities", column]}
        plan["incidents"].append(_expect(incidents, f"{column}__max", None, limit, meta)
                                 or _skip(skipped, "incidents", meta, column))
    for column in FATALITY_CLAIM_COLUMNS:
        meta = {"rule": "quality.fatalities",
                "expected": f"{column} of fatality claims at most {limit}",
                "hint": _FATALITY_HINT, "check": ["fatality-claims", column]}
        plan["claims"].append(_expect(claims, f"{column}__max_in_fatality_claims", None, limit, meta)
                              or _skip(skipped, "claims", meta, f"claim_type or {column}"))

    duplicate = {"rule": "quality.duplicate-incident",
                 "expected": "no two incidents with the same " + ", ".join(DUPLICATE_KEY)
                             + " unless one names the other in distinct_from",
                 "hint": "if they are the same event, merge them in seeds/registry/incidents.yaml; if "
                         "not, set distinct_from on one of them to the other's incident_id; then run "
                         "`autodefensas build`",
                 "check": ["duplicate-incidents"]}
    if "incident_duplicates" in aggregates.frames:
        plan["incident_duplicates"] = [("ExpectTableRowCountToEqual", {"value": 0}, duplicate)]
    else:
        _skip(skipped, "incidents", duplicate, "incident_id or " + ", ".join(DUPLICATE_KEY))
    uncited = {"rule": "quality.uncited-document",
               "expected": "every document source cited by at least one claim",
               "hint": "code the document's claims in seeds/<source_id>.yaml, or drop the document "
                       "(or make it role: cited_outlet) if nothing in it is used",
               "check": ["uncited-documents"]}
    if "document_citations" in aggregates.frames:
        plan["document_citations"] = [_expect(aggregates.frames["document_citations"],
                                              "documents_without_claims", None, 0, uncited)]
    else:
        _skip(skipped, "sources", uncited, "sources.source_id, sources.role or claims.source_id")
    return {name: [e for e in plan[name] if e] for name in plan}, skipped


def _schema_expectations(schema: TableSchema, profile: pl.DataFrame, skipped: list[Problem]) -> list:
    """Expectations generated from a Table Schema: columns, then each field's constraints."""
    hint = _REGENERATE
    out = [("ExpectColumnValuesToBeInSet",
            {"column": "_columns", "value_set": [json.dumps(schema.columns)]}, {
                "rule": "quality.columns",
                "expected": f"the columns of schemas/{schema.name}.json, in order",
                "hint": "data/ and schemas/ disagree: run `autodefensas build`",
                "check": ["columns"]})]
    for field in schema.fields:
        name, constraints = field["name"], field.get("constraints", {})
        if f"{name}__nulls" not in profile.columns:
            continue  # not in the frame: the columns expectation reports it
        if constraints.get("required"):
            out.append(_expect(profile, f"{name}__nulls", None, 0, {
                "rule": "quality.required", "expected": f"{name} present in every row",
                "hint": hint, "check": ["nulls", name]}))
        if constraints.get("unique"):
            out.append(_expect(profile, f"{name}__duplicates", None, 0, {
                "rule": "quality.unique", "expected": f"{name} unique", "hint": hint,
                "check": ["duplicates", name]}))
        if "enum" in constraints:
            allowed = ", ".join(map(str, constraints["enum"]))
            out.append(_expect(profile, f"{name}__outside_enum", None, 0, {
                "rule": "quality.enum", "expected": f"{name} one of: {allowed}", "hint": hint,
                "check": ["enum", name]}))
        for key, column, rule, words in (
                ("minimum", "min", "quality.range", "{}"), ("maximum", "max", "quality.range", "{}"),
                ("minLength", "min_length", "quality.length", "with {} characters"),
                ("maxLength", "max_length", "quality.length", "with {} characters")):
            if key in constraints:
                bound = constraints[key]
                low, high = (bound, None) if column.startswith("min") else (None, bound)
                out.append(_expect(profile, f"{name}__{column}", low, high, {
                    "rule": rule, "expected": f"{name} {words.format(_bounds(low, high))}",
                    "hint": hint, "check": [column, name, bound]}))
        if "pattern" in constraints:
            meta = {"rule": "quality.pattern",
                    "expected": f"{name} matching {constraints['pattern']} (whole value)",
                    "hint": hint, "check": ["pattern", name, constraints["pattern"]]}
            out.append(_expect(profile, f"{name}__pattern_mismatches", None, 0, meta))
            if f"{name}__pattern_mismatches" not in profile.columns:
                skipped.append(Problem(LAYER, f"data/{schema.name}.csv", None, "quality.pattern",
                                       f"could not check that {meta['expected']}: polars cannot "
                                       "compile the pattern", "write the pattern without "
                                       "look-around or backreferences", "warning"))
    return out


def _expect(frame: pl.DataFrame, column: str, low, high, meta: dict):
    """Bounds on the value of a one-row aggregate column, or None if it was not computed.

    ExpectColumnMaxToBeBetween: on one row the maximum is the value, and Data Docs then
    show it as the observed value. A null aggregate (the minimum of a column without
    values) would fail it, so there ExpectColumnValuesToBeBetween, which passes nulls.
    """
    if column not in frame.columns:
        return None
    kind = "ExpectColumnMaxToBeBetween" if frame[column][0] is not None else (
        "ExpectColumnValuesToBeBetween")
    return (kind, {"column": column, "min_value": low, "max_value": high}, meta)


def _skip(skipped: list[Problem], table: str, meta: dict, missing: str) -> None:
    skipped.append(Problem(LAYER, f"data/{table}.csv", None, meta["rule"],
                           f"could not check that {meta['expected']}: {missing} missing from the table",
                           meta["hint"], "warning"))


def _bounds(low, high) -> str:
    if low is not None and high is not None:
        return f"between {low} and {high}"
    return f"at least {low}" if low is not None else f"at most {high}"


# --- running great-expectations ---------------------------------------------------------------

@contextmanager
def _quiet():
    """Silence GX's log records and warnings while it runs (progress bars are off by config)."""
    logger = logging.getLogger("great_expectations")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _to_pandas(frame: pl.DataFrame):
    """A small polars frame as pandas (plain Python values; no pyarrow needed)."""
    import pandas as pd

    return pd.DataFrame(frame.to_dict(as_series=False), columns=frame.columns)


def _run_gx(frames: dict[str, pl.DataFrame], plan: dict[str, list],
            docs_dir: Path | None) -> list[tuple[str, object]]:
    """Run one ValidationDefinition per aggregate frame; render Data Docs into docs_dir if given."""
    with _quiet():
        import great_expectations as gx
        import great_expectations.expectations as gxe
        from great_expectations.data_context.types.base import (
            DataContextConfig,
            InMemoryStoreBackendDefaults,
            ProgressBarsConfig,
        )

        sites = {}
        if docs_dir is not None:
            # Without a site of our own, an ephemeral context renders into a temporary folder.
            sites[DOCS_SITE] = {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                                  "base_directory": str(Path(docs_dir).resolve())},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        config = DataContextConfig(store_backend_defaults=InMemoryStoreBackendDefaults(),
                                   data_docs_sites=sites, analytics_enabled=False,
                                   progress_bars=ProgressBarsConfig(globally=False))
        context = gx.get_context(mode="ephemeral", project_config=config)
        source = context.data_sources.add_pandas(DATA_SOURCE)
        results = []
        for name, expectations in plan.items():
            batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
            # Built whole, then added once: add_expectation() on a stored suite re-serializes
            # the suite into its store for every expectation.
            suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=[
                getattr(gxe, class_name)(**kwargs, meta=meta)
                for class_name, kwargs, meta in expectations]))
            validation = context.validation_definitions.add(
                gx.ValidationDefinition(name=name, data=batch, suite=suite))
            results.append((name, validation.run(
                batch_parameters={"dataframe": _to_pandas(frames[name])},
                result_format={"result_format": "BASIC"})))
        if docs_dir is not None:
            context.build_data_docs(site_names=[DOCS_SITE])
    return results


# --- results to problems ----------------------------------------------------------------------

def _problems(name: str, suite_result, aggregates: Aggregates,
              schemas: dict[str, TableSchema]) -> list[Problem]:
    table = FRAME_FILES.get(name, name)
    rel = f"data/{table}.csv"
    problems = []
    for result in suite_result.results:
        if result.success:
            continue
        config = result.expectation_config
        meta = config.meta or {}
        rule, expected = meta.get("rule", "quality.other"), meta.get("expected", config.type)
        hint = meta.get("hint", "")
        error = _exception_message(result.exception_info)
        if error is not None:
            problems.append(Problem(LAYER, rel, None, rule,
                                    f"could not check that {expected}: {error}", hint, "warning"))
            continue
        line, found = _found(table, meta.get("check") or [""], aggregates, schemas)
        problems.append(Problem(LAYER, rel, line, rule, f"expected {expected}; found {found}", hint))
    return problems


def _found(table: str, check: list, aggregates: Aggregates,
           schemas: dict[str, TableSchema]) -> tuple[int | None, str]:
    """(line of the first offending row or None, what was found), queried from polars."""
    kind, args = check[0], check[1:]
    profile = aggregates.frames.get(table)
    if kind == "columns":
        observed, wanted = aggregates.columns[table], schemas[table].columns
        missing = [c for c in wanted if c not in observed]
        extra = [c for c in observed if c not in wanted]
        parts = ([f"missing {', '.join(missing)}"] if missing else []) + (
            [f"unexpected {', '.join(extra)}"] if extra else [])
        return None, "; ".join(parts) or f"another order: {', '.join(observed)}"
    if kind == "rows":
        return None, f"{profile['_rows'][0]} rows"
    if kind == "day-share":
        day, share = profile["date_precision__day"][0], profile["date_precision__day_share"][0]
        known = profile["_rows"][0] - profile["date_precision__nulls"][0]
        return None, f"{share:.0%} ({day} of {known} incidents)"
    if kind == "duplicate-incidents":
        return _duplicate_incidents(aggregates)
    if kind == "uncited-documents":
        return _uncited_documents(aggregates)

    rows = aggregates.tables[table]
    column = args[0]
    col = pl.col(column)
    if kind == "nulls":
        count, examples = _offending(rows, col.is_null(), column)
        lines = [line for _, line in examples]
        return (lines[0] if lines else None), (
            f"{_n(count, 'row')} empty (line{'s' if len(lines) > 1 else ''} "
            f"{', '.join(map(str, lines))}{_more(count, len(lines))})")
    if kind == "duplicates":
        return _duplicates(rows, column)
    if kind == "enum":
        enum = schemas[table].field_map[column]["constraints"]["enum"]
        count, examples = _offending(rows, col.is_not_null() & ~col.is_in(list(enum)), column)
        return _examples(count, "value", "outside the enum", examples)
    if kind == "pattern":
        regex = pattern_regex(args[1])
        count, examples = _offending(rows, col.is_not_null() & ~col.str.contains(regex), column)
        return _examples(count, "value", "not matching", examples)
    if kind in ("min", "max"):
        bound = args[1]
        condition = col < bound if kind == "min" else col > bound
        count, examples = _offending(rows, condition, column)
        return _examples(count, "value", f"{'below' if kind == 'min' else 'above'} {bound}", examples)
    if kind in ("min_length", "max_length"):
        bound, length = args[1], col.str.len_chars()
        condition = length < bound if kind == "min_length" else length > bound
        count, examples = _offending(rows, condition, column)
        shown = [(f"{_show(value)} ({len(value)} characters)", line) for value, line in examples]
        return _examples(count, "value", f"{'shorter' if kind == 'min_length' else 'longer'} than "
                                         f"{bound} characters", shown, quoted=True)
    if kind == "fatalities":
        count, examples = _offending(rows, col > THRESHOLDS["fatalities_max"], column)
        return _examples(count, "incident", f"above {THRESHOLDS['fatalities_max']}", examples)
    if kind == "fatality-claims":
        condition = (pl.col("claim_type") == "fatalities") & (col > THRESHOLDS["fatalities_max"])
        count, examples = _offending(rows, condition, column)
        return _examples(count, "fatality claim", f"above {THRESHOLDS['fatalities_max']}", examples)
    return None, "a failed check"


def _offending(rows: pl.LazyFrame, condition: pl.Expr, column: str) -> tuple[int, list[tuple]]:
    """(number of rows meeting condition, [(value of column, CSV line)] of the first few)."""
    matching = rows.with_row_index(_ROW).filter(condition)
    count, first = pl.collect_all([matching.select(pl.len()),
                                   matching.select(_ROW, column).head(MAX_EXAMPLES)])
    return count.item(), [(value, index + 2) for index, value in first.select(_ROW, column).rows()]


def _examples(count: int, noun: str, what: str, examples: list[tuple],
              quoted: bool = False) -> tuple[int | None, str]:
    shown = ", ".join(f"{value if quoted else _show(value)} at line {line}" for value, line in examples)
    first = examples[0][1] if examples else None
    shown = f", e.g. {shown}{_more(count, len(examples))}" if examples else ""
    return first, f"{_n(count, noun)} {what}{shown}"


def _duplicates(rows: pl.LazyFrame, column: str) -> tuple[int | None, str]:
    col = pl.col(column)
    count, examples = _offending(rows, col.is_duplicated() & col.is_not_null(), column)
    if not examples:
        return None, "no duplicates any more"
    value, first = examples[0]
    same = (rows.with_row_index(_ROW).filter(col == value).select(_ROW)
            .head(MAX_EXAMPLES).collect()[_ROW].to_list())
    lines = ", ".join(str(index + 2) for index in same)
    return first, (f"{_n(count, 'row')} sharing their value with another row, e.g. {_show(value)} "
                   f"at lines {lines}")


def _duplicate_incidents(aggregates: Aggregates) -> tuple[int | None, str]:
    groups = aggregates.frames["incident_duplicates"]
    shown = groups.head(MAX_EXAMPLES)
    rows = aggregates.tables["incidents"].with_row_index(_ROW)
    if "distinct_from" in aggregates.columns["incidents"]:
        rows = rows.filter(pl.col("distinct_from").is_null())
    members = (rows.with_columns(pl.col(c).cast(pl.String) for c in DUPLICATE_KEY)
               .join(shown.lazy().select(*DUPLICATE_KEY, "first_line"), on=list(DUPLICATE_KEY),
                     how="inner", nulls_equal=True)
               .select("first_line", _ROW, "incident_id").sort("first_line", _ROW).collect())
    described = []
    for key, first_line in zip(shown.select(DUPLICATE_KEY).rows(), shown["first_line"]):
        ids = members.filter(pl.col("first_line") == first_line)
        incidents = [f"{incident_id} (line {index + 2})"
                     for index, incident_id in ids.select(_ROW, "incident_id").rows()]
        described.append(f"{' and '.join(incidents)} share ({', '.join(_show(v) for v in key)})")
    total = int(groups["n_incidents"].sum())
    more = (f"; and {groups.height - shown.height} more group(s)"
            if groups.height > shown.height else "")
    return (int(groups["first_line"][0]) if groups.height else None), (
        f"{total} incidents in {_n(groups.height, 'duplicate group')}: {'; '.join(described)}{more}")


def _uncited_documents(aggregates: Aggregates) -> tuple[int | None, str]:
    uncited = aggregates.citations.filter(pl.col("n_claims") == 0)
    rows = [(source_id, index + 2) for index, source_id
            in uncited.head(MAX_EXAMPLES).select(_ROW, "source_id").rows()]
    shown = ", ".join(f"{source_id} (line {line})" for source_id, line in rows)
    return (rows[0][1] if rows else None), (
        f"{_n(uncited.height, 'document')} without claims: {shown}{_more(uncited.height, len(rows))}")


def _exception_message(info) -> str | None:
    """The first error message of an expectation that raised, else None.

    GX 1.x gives ``{"raised_exception": ..., "exception_message": ...}`` for a plain
    failure but, when a metric raised, a dict of such dicts keyed by metric id.
    """
    if not info:
        return None
    candidates = [info] if "raised_exception" in info else list(info.values())
    for candidate in candidates:
        if isinstance(candidate, dict) and candidate.get("raised_exception"):
            text = str(candidate.get("exception_message") or "unknown error").strip()
            return text.splitlines()[0] if text else "unknown error"
    return None


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
