"""Quality layer: a great-expectations suite over the whole dataset, as Data Docs HTML.

``quality_problems()`` validates the typed tables (``autodefensas.load()``) with
great-expectations 1.x, without a GX project: an ephemeral context, one pandas data
source, one dataframe asset with a whole-dataframe batch definition per checked
frame, one ExpectationSuite and one ValidationDefinition per frame, each run with
``batch_parameters={"dataframe": frame}``. The frames are:

- sources, actors, incidents, claims: expectations generated from schemas/ (required,
  unique, enum, minimum/maximum, min/maxLength, pattern as a full match, the ordered
  column list), the row-count floor taken from a git baseline, and for incidents the
  share of day-precision dates and plausible fatalities;
- claims_fatalities: the claims of claim_type "fatalities" (plausible figures);
- incidents_undistinguished: the incidents without distinct_from, keyed by start date,
  state, municipality and event type (no duplicates);
- document_citations: one row per document source with its number of claims (>= 1).

Every failed expectation becomes one Problem (layer "quality") naming the CSV, the
line of the first offending row when the expectation names rows (the frames keep
the CSV order, so index i is line i + 2; filtered frames keep the original index),
what was expected and what was found, and how to fix it. Rules: quality.columns,
quality.required, quality.unique, quality.enum, quality.range, quality.length,
quality.pattern, quality.row-count, quality.row-count-baseline (warning: check
skipped), quality.date-precision, quality.fatalities, quality.duplicate-incident,
quality.uncited-document; an expectation that raised is reported under its own rule
as a warning.

Cost (measured with ``time python -c "...quality_problems(...)"`` on dataset 0.1.0:
14 sources, 42 actors, 16 incidents, 106 claims, 84 expectations in 7 validations):
about 6.5 s in all, of which 4.3 s is importing great_expectations (done lazily,
inside the function, so the other layers do not pay it), 0.8 s importing the toolkit
and loading the tables, about 1.5 s running the validations and 0.3 s rendering Data
Docs when ``docs_dir`` is given. The validation time is mostly GX's fixed overhead per
expectation (building and serializing its configuration and metric graph), not data:
the same suite over 100 and 1,000 copies of incidents and claims (12,200 and 122,000
rows) ran in 2.0 s and 3.1 s. Foreign keys are deliberately not expressed as "values in
set" over key columns (slow in GX on large tables): the contract and rules layers check
them, and the one cross-table check here (documents cited by claims) runs on an
aggregate frame instead.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import subprocess
import warnings
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from .dataframes import Tables
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
MAX_EXAMPLES = 5  # unexpected values quoted in a message

_REGENERATE = ("data/ is generated: fix seeds/ (or the registries in seeds/registry/), "
               "then run `autodefensas build`")


def quality_problems(root: Path, tables: Tables, schemas: dict[str, TableSchema],
                     docs_dir: Path | None = None, baseline: str | None = "HEAD") -> list[Problem]:
    """Validate ``tables`` with great-expectations; return one Problem per failed check.

    ``baseline`` is the git ref whose data/*.csv row counts the tables may not fall
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

    frames = _frames(tables)
    plan = _plan(frames, schemas, counts, allowed_shrink)
    results = _run_gx(frames, plan, docs_dir)
    for name, result in results:
        problems.extend(_problems(name, result, frames[name]))
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


# --- frames and expectations ------------------------------------------------------------------

def _frames(tables: Tables) -> dict[str, pd.DataFrame]:
    """The frames to validate, as copies with dtypes GX handles, in CSV row order."""
    frames = {name: _for_gx(tables[name]) for name in TABLES}
    claims, incidents, sources = frames["claims"], frames["incidents"], frames["sources"]
    frames["claims_fatalities"] = claims[claims["claim_type"] == "fatalities"]
    undistinguished = incidents
    if "distinct_from" in incidents.columns:
        undistinguished = incidents[incidents["distinct_from"].isna()]
    key = undistinguished[["incident_id", *DUPLICATE_KEY]].copy()
    # GX skips rows whose key is all missing and pandas would match NaN with NaN anyway,
    # but a marker makes "no municipality" an ordinary value: two state-level incidents
    # of the same type and day are duplicates.
    key["municipality_code"] = key["municipality_code"].fillna(NO_MUNICIPALITY)
    frames["incidents_undistinguished"] = key
    documents = sources[sources["role"] == "document"]
    n_claims = claims["source_id"].value_counts()
    frames["document_citations"] = pd.DataFrame(
        {"source_id": documents["source_id"],
         "n_claims": documents["source_id"].map(n_claims).fillna(0).astype("int64")},
        index=documents.index)  # the sources.csv rows, so that problems name their lines
    return frames


DUPLICATE_KEY = ("date_start", "state_code", "municipality_code", "event_type")
NO_MUNICIPALITY = "(none)"  # stands for an empty municipality_code in the duplicate key
FRAME_FILES = {"claims_fatalities": "claims", "incidents_undistinguished": "incidents",
               "document_citations": "sources"}


def _for_gx(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with categoricals and pandas strings as object columns (None for missing).

    That is the form GX's pandas metrics and renderers are written for; a categorical
    would, for one, list every unused category in value counts.
    """
    out = frame.copy()
    for column in out.columns:
        dtype = out[column].dtype
        if isinstance(dtype, pd.CategoricalDtype) or isinstance(dtype, pd.StringDtype):
            values = out[column].astype(object)
            out[column] = values.where(values.notna(), None)
    return out


def _plan(frames: dict[str, pd.DataFrame], schemas: dict[str, TableSchema],
          counts: dict[str, int], allowed_shrink: set[str]) -> dict[str, list]:
    """For each frame, the expectations to run on it, as (GX class name, kwargs, meta)."""
    plan: dict[str, list] = {}
    for table in TABLES:
        plan[table] = _schema_expectations(schemas[table])
        if table in counts and table not in allowed_shrink:
            plan[table].append(("ExpectTableRowCountToBeBetween", {"min_value": counts[table]}, {
                "rule": "quality.row-count",
                "expected": f"at least the {counts[table]} rows of the baseline",
                "hint": f"rows were removed: if that is intended, say so in {CHANGELOG}'s first "
                        f"section (e.g. \"- Data: removed 3 {table} coded twice\"); otherwise "
                        "restore them in seeds/ and run `autodefensas build`"}))
    limit = THRESHOLDS["fatalities_max"]
    plan["incidents"].append(("ExpectColumnValuesToBeInSet", {
        "column": "date_precision", "value_set": ["day"],
        "mostly": THRESHOLDS["day_precision_mostly"]}, {
        "rule": "quality.date-precision",
        "expected": f"at least {THRESHOLDS['day_precision_mostly']:.0%} of incidents with "
                    "date_precision 'day'",
        "hint": "check that coders give the day where the articles do (codebook: date "
                "precision); resolve dates without a year against the publication date"}))
    fatality_hint = ("check the figure against the quote: a typo, or a cumulative toll coded as "
                     "one event (use scope: several_incidents for it)")
    for column in ("fatalities_low", "fatalities_best", "fatalities_high"):
        plan["incidents"].append(("ExpectColumnValuesToBeBetween", {
            "column": column, "min_value": 0, "max_value": limit}, {
            "rule": "quality.fatalities",
            "expected": f"{column} between 0 and {limit}", "hint": fatality_hint}))
    plan["claims_fatalities"] = [
        ("ExpectColumnValuesToBeBetween", {"column": column, "min_value": 0, "max_value": limit}, {
            "rule": "quality.fatalities",
            "expected": f"{column} of fatality claims between 0 and {limit}",
            "hint": fatality_hint})
        for column in ("value_low", "value_high")]
    plan["incidents_undistinguished"] = [("ExpectCompoundColumnsToBeUnique", {
        "column_list": list(DUPLICATE_KEY)}, {
        "rule": "quality.duplicate-incident",
        "expected": "no two incidents with the same " + ", ".join(DUPLICATE_KEY)
                    + " unless one names the other in distinct_from",
        "hint": "if they are the same event, merge them in seeds/registry/incidents.yaml; if not, "
                "set distinct_from on one of them to the other's incident_id; then run "
                "`autodefensas build`"})]
    plan["document_citations"] = [("ExpectColumnValuesToBeBetween", {
        "column": "n_claims", "min_value": 1}, {
        "rule": "quality.uncited-document",
        "expected": "every document source cited by at least one claim",
        "hint": "code the document's claims in seeds/<source_id>.yaml, or drop the document "
                "(or make it role: cited_outlet) if nothing in it is used"})]
    return {name: plan[name] for name in frames}


def _schema_expectations(schema: TableSchema) -> list:
    """Expectations generated from a Table Schema: columns, then each field's constraints."""
    hint = _REGENERATE
    out = [("ExpectTableColumnsToMatchOrderedList", {"column_list": schema.columns}, {
        "rule": "quality.columns", "expected": f"the columns of schemas/{schema.name}.json, in order",
        "hint": "data/ and schemas/ disagree: run `autodefensas build`"})]
    for field in schema.fields:
        name, constraints = field["name"], field.get("constraints", {})
        if constraints.get("required"):
            out.append(("ExpectColumnValuesToNotBeNull", {"column": name}, {
                "rule": "quality.required", "expected": f"{name} present in every row", "hint": hint}))
        if constraints.get("unique"):
            out.append(("ExpectColumnValuesToBeUnique", {"column": name}, {
                "rule": "quality.unique", "expected": f"{name} unique", "hint": hint}))
        if "enum" in constraints:
            allowed = list(constraints["enum"])
            out.append(("ExpectColumnValuesToBeInSet", {"column": name, "value_set": allowed}, {
                "rule": "quality.enum", "expected": f"{name} one of: {', '.join(map(str, allowed))}",
                "hint": hint}))
        if "minimum" in constraints or "maximum" in constraints:
            low, high = constraints.get("minimum"), constraints.get("maximum")
            out.append(("ExpectColumnValuesToBeBetween",
                        {"column": name, "min_value": low, "max_value": high}, {
                            "rule": "quality.range", "expected": f"{name} {_bounds(low, high)}",
                            "hint": hint}))
        if "minLength" in constraints or "maxLength" in constraints:
            low, high = constraints.get("minLength"), constraints.get("maxLength")
            out.append(("ExpectColumnValueLengthsToBeBetween",
                        {"column": name, "min_value": low, "max_value": high}, {
                            "rule": "quality.length",
                            "expected": f"{name} with {_bounds(low, high)} characters", "hint": hint}))
        if "pattern" in constraints:
            # Table Schema patterns match the whole value; GX searches, so anchor it.
            regex = rf"^(?:{constraints['pattern']})\Z"
            out.append(("ExpectColumnValuesToMatchRegex", {"column": name, "regex": regex}, {
                "rule": "quality.pattern",
                "expected": f"{name} matching {constraints['pattern']} (whole value)", "hint": hint}))
    return out


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


def _run_gx(frames: dict[str, pd.DataFrame], plan: dict[str, list],
            docs_dir: Path | None) -> list[tuple[str, object]]:
    """Run one ValidationDefinition per frame; render Data Docs into docs_dir if given."""
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
            # the suite into its store for every expectation (a third of the run time).
            suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=[
                getattr(gxe, class_name)(**kwargs, meta=meta)
                for class_name, kwargs, meta in expectations]))
            validation = context.validation_definitions.add(
                gx.ValidationDefinition(name=name, data=batch, suite=suite))
            results.append((name, validation.run(batch_parameters={"dataframe": frames[name]},
                                                 result_format={"result_format": "SUMMARY"})))
        if docs_dir is not None:
            context.build_data_docs(site_names=[DOCS_SITE])
    return results


# --- results to problems ----------------------------------------------------------------------

def _problems(name: str, suite_result, frame: pd.DataFrame) -> list[Problem]:
    rel = f"data/{FRAME_FILES.get(name, name)}.csv"
    problems = []
    for result in suite_result.results:
        if result.success:
            continue
        config = result.expectation_config
        meta, kwargs = config.meta or {}, config.kwargs
        rule, expected = meta.get("rule", "quality.other"), meta.get("expected", config.type)
        hint = meta.get("hint", "")
        error = _exception_message(result.exception_info)
        if error is not None:
            problems.append(Problem(LAYER, rel, None, rule,
                                    f"could not check that {expected}: {error}", hint, "warning"))
            continue
        line, found = _found(name, config.type, kwargs, result.result or {}, frame)
        problems.append(Problem(LAYER, rel, line, rule, f"expected {expected}; found {found}", hint))
    return problems


def _found(name: str, kind: str, kwargs: dict, result: dict,
           frame: pd.DataFrame) -> tuple[int | None, str]:
    """(line of the first offending row or None, what was found), from a SUMMARY result."""
    if kind == "expect_table_row_count_to_be_between":
        return None, f"{result.get('observed_value')} rows"
    if kind == "expect_table_columns_to_match_ordered_list":
        observed, wanted = list(result.get("observed_value") or []), list(kwargs["column_list"])
        missing = [c for c in wanted if c not in observed]
        extra = [c for c in observed if c not in wanted]
        parts = ([f"missing {', '.join(missing)}"] if missing else []) + (
            [f"unexpected {', '.join(extra)}"] if extra else [])
        return None, "; ".join(parts) or f"another order: {', '.join(observed)}"
    if "unexpected_count" not in result:
        return None, f"{result.get('observed_value')!r}"
    count, total = result["unexpected_count"], result.get("element_count", 0)
    indexes = list(result.get("partial_unexpected_index_list") or [])
    values = list(result.get("partial_unexpected_list") or [])
    lines = [_line(index) for index in indexes]
    first = lines[0] if lines else None
    more = f", and {count - min(count, MAX_EXAMPLES)} more" if count > MAX_EXAMPLES else ""
    if kwargs.get("mostly", 1) < 1:
        expected = total - result.get("missing_count", 0) - count
        return None, f"{expected / total if total else 0:.0%} ({expected} of {total} rows)"
    if name == "incidents_undistinguished":
        groups: dict[str, list[str]] = {}
        for value, index, line in zip(values, indexes, lines):
            row = f"{_id_of(frame, index, 'incident_id')} (line {line})"
            groups.setdefault(_show(value), []).append(row)
        shown = "; ".join(f"{' and '.join(rows)} share {key}"
                          for key, rows in list(groups.items())[:MAX_EXAMPLES])
        return first, f"{count} incidents in duplicate groups: {shown}"
    if name == "document_citations":
        rows = [f"{_id_of(frame, index, 'source_id')} (line {line})"
                for index, line in zip(indexes[:MAX_EXAMPLES], lines)]
        return first, f"{count} document(s) without claims: {', '.join(rows)}{more}"
    if kind == "expect_column_values_to_not_be_null":
        return first, (f"{count} of {total} rows empty (line {', '.join(map(str, lines[:MAX_EXAMPLES]))}"
                       f"{more})")
    examples = [f"{_show(value)} (line {line})" for value, line in zip(values[:MAX_EXAMPLES], lines)]
    return first, f"{', '.join(examples)}{more} ({count} of {total} rows)"


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


def _line(index) -> int | None:
    """CSV line of a frame row: the frames keep the CSV order (index 0 is line 2)."""
    try:
        return int(index) + 2
    except (TypeError, ValueError):
        return None


def _id_of(frame: pd.DataFrame, index, column: str):
    try:
        return frame.at[index, column]
    except KeyError:
        return "?"


def _show(value) -> str:
    if isinstance(value, dict):
        return "(" + ", ".join(_show(v) for v in value.values()) + ")"
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
