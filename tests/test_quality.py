"""Quality layer: great-expectations over polars aggregates of the tables.

Each quality_problems() call runs a GX suite (~1 s once GX is imported, whatever the
size of the tables: GX validates one-row aggregates), so the crafted breakages that do
not interfere share one run (the `broken` fixture)."""

import json
import shutil
import subprocess
import time
from pathlib import Path

import polars as pl
import pytest

from autodefensas.quality import (
    THRESHOLDS,
    aggregate,
    baseline_row_counts,
    changelog_removals,
    count_records,
    quality_problems,
)
from autodefensas.schema import TABLES, load_schemas

GIT = shutil.which("git")


def read_frames(root: Path, schemas) -> dict[str, pl.DataFrame]:
    """data/*.csv as polars frames typed from the schemas, as the caller builds them."""
    frames = {}
    for name in TABLES:
        raw = pl.read_csv(root / "data" / f"{name}.csv", infer_schema=False)
        typed = []
        for field in schemas[name].fields:
            column, kind = pl.col(field["name"]), field.get("type", "string")
            if kind == "integer":
                typed.append(column.cast(pl.Int64, strict=False))
            elif kind == "number":
                typed.append(column.cast(pl.Float64, strict=False))
            elif kind == "date":
                typed.append(column.str.to_date("%Y-%m-%d", strict=False))
            elif kind == "boolean":
                typed.append(pl.when(column == "true").then(True)
                             .when(column == "false").then(False).alias(field["name"]))
        frames[name] = raw.with_columns(typed)
    return frames


def load(root: Path):
    schemas = load_schemas(root / "schemas")
    return read_frames(root, schemas), schemas


def by_rule(problems, rule, file=None):
    return [p for p in problems if p.rule == rule and (file is None or p.file == file)]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org",
                    "-c", "commit.gpgsign=false", *args], check=True, capture_output=True)


def set_cell(frame: pl.DataFrame, row: int, column: str, value) -> pl.DataFrame:
    index = pl.int_range(pl.len())
    return frame.with_columns(pl.when(index == row).then(pl.lit(value, dtype=frame.schema[column]))
                              .otherwise(pl.col(column)).alias(column))


def first_row(frame: pl.DataFrame, condition) -> int:
    return frame.with_row_index("i").filter(condition)["i"][0]


# --- the fixture dataset -----------------------------------------------------------------------

def test_fixture_dataset_has_no_errors_and_data_docs_are_written(dataset, tmp_path):
    frames, schemas = load(dataset)
    docs = tmp_path / "data-docs"
    problems = quality_problems(dataset, frames, schemas, docs_dir=docs)
    assert all(p.layer == "quality" for p in problems)
    # dataset is a plain copy, not a git checkout: only the baseline check may be skipped
    assert [p for p in problems if p.severity == "error"] == [], problems
    assert {p.rule for p in problems} <= {"quality.row-count-baseline"}
    assert (docs / "index.html").is_file()
    assert list((docs / "validations").rglob("*.html"))


def test_great_expectations_sees_only_small_aggregates(built):
    frames, schemas = load(built)
    aggregates = aggregate(frames, schemas)
    assert set(aggregates.frames) == {*TABLES, "incident_duplicates", "document_citations"}
    for name in TABLES:
        profile = aggregates.frames[name]
        assert profile.height == 1 and profile["_rows"][0] == frames[name].height
        assert json.loads(profile["_columns"][0]) == schemas[name].columns
    claims = aggregates.frames["claims"].row(0, named=True)
    assert claims["claim_id__duplicates"] == 0 and claims["claim_id__pattern_mismatches"] == 0
    assert claims["quote__min_length"] >= 1 and claims["hedged__nulls"] == 0
    assert aggregates.frames["incident_duplicates"].height == 0
    citations = aggregates.frames["document_citations"].row(0, named=True)
    assert citations["documents"] > 0 and citations["documents_without_claims"] == 0
    assert citations["fewest_claims"] >= 1


def test_a_frame_not_typed_from_the_schemas_is_refused(built):
    frames, schemas = load(built)
    frames["claims"] = frames["claims"].with_columns(pl.col("value_low").cast(pl.String))
    with pytest.raises(TypeError, match="value_low is String"):
        aggregate(frames, schemas)
    # categoricals for strings, and other integer widths, are cast
    frames, _ = load(built)
    frames["actors"] = frames["actors"].with_columns(pl.col("kind").cast(pl.Categorical))
    frames["claims"] = frames["claims"].with_columns(pl.col("char_start").cast(pl.Int32))
    assert aggregate(frames, schemas).frames["actors"]["kind__outside_enum"][0] == 0


# --- crafted breakages, one GX run -------------------------------------------------------------

@pytest.fixture(scope="module")
def broken(built):
    """Problems for the fixture's tables broken in memory, with what was broken where."""
    frames, schemas = load(built)  # read only; the frames are changed in memory
    incidents, claims = frames["incidents"], frames["claims"]
    sources, actors = frames["sources"], frames["actors"]
    where = {}

    row = first_row(incidents, pl.col("fatalities_high").is_not_null())
    incidents = set_cell(incidents, row, "fatalities_high", 5000)
    where["incident_fatalities"] = row + 2
    # the same state-level incident coded twice (municipality_code empty in both)
    state_level = first_row(incidents, pl.col("municipality_code").is_null())
    copy = incidents[state_level].with_columns(pl.lit("2099-01-01-coded-twice").alias("incident_id"))
    # and one coded twice that the coder marked as a different event: not a duplicate
    local = first_row(incidents, pl.col("municipality_code").is_not_null())
    distinct = incidents[local].with_columns(pl.lit("2099-01-01-checked-distinct").alias("incident_id"),
                                             pl.col("incident_id").alias("distinct_from"))
    original = incidents["incident_id"][state_level]
    incidents = pl.concat([incidents, copy, distinct])
    where["duplicate"] = (original, state_level + 2, incidents.height - 2 + 2)  # second to last row
    where["distinct"] = incidents["incident_id"][local]
    incidents = incidents.with_columns(pl.lit("month").alias("date_precision"))

    fatality = first_row(claims, pl.col("claim_type") == "fatalities")
    claims = set_cell(claims, fatality, "value_high", 5000)
    where["claim_fatalities"] = fatality + 2
    other = first_row(claims, pl.col("claim_type") == "participants")
    claims = set_cell(claims, other, "value_high", 5000)  # not a fatality figure: no problem
    where["claim_other"] = other + 2
    claims = set_cell(claims, 5, "claim_id", claims["claim_id"][4])  # coded twice
    where["unique"] = (claims["claim_id"][4], 6, 7)
    claims = set_cell(claims, 8, "quote", "")  # not missing: empty
    where["length"] = 10
    claims = set_cell(claims, 9, "char_start", -3)
    where["range"] = 11

    uncited = (sources.filter(pl.col("role") == "document").head(1)
               .with_columns(pl.lit("nobody-2020-01-01-uncited").alias("source_id")))
    sources = pl.concat([sources, uncited])
    where["uncited"] = sources.height + 1
    sources = set_cell(sources, 0, "language", "spa")  # contains a match of [a-z]{2} but is not one
    where["language"] = 2

    actors = set_cell(actors, 3, "kind", "robot")
    where["enum"] = 5
    actors = set_cell(actors, 6, "name", None)
    where["required"] = 8
    actors = actors.rename({"description": "descr"})

    broken_frames = {"sources": sources, "actors": actors, "incidents": incidents, "claims": claims}
    return quality_problems(built, broken_frames, schemas, baseline=None), where


def test_implausible_fatalities_are_errors_on_incidents_and_fatality_claims(broken):
    problems, where = broken
    incident = by_rule(problems, "quality.fatalities", "data/incidents.csv")
    assert [(p.line, p.severity) for p in incident] == [(where["incident_fatalities"], "error")]
    assert "5000" in incident[0].message and str(THRESHOLDS["fatalities_max"]) in incident[0].message
    assert f"line {where['incident_fatalities']}" in incident[0].message
    claim = by_rule(problems, "quality.fatalities", "data/claims.csv")
    assert [p.line for p in claim] == [where["claim_fatalities"]]  # the participants figure passes
    assert "1 fatality claim above 500" in claim[0].message
    assert not [p for p in problems if p.file == "data/claims.csv" and p.line == where["claim_other"]]


def test_duplicate_incident_is_reported_unless_marked_distinct(broken):
    problems, where = broken
    original, line, copy_line = where["duplicate"]
    found = by_rule(problems, "quality.duplicate-incident", "data/incidents.csv")
    assert len(found) == 1 and found[0].line == line
    assert original in found[0].message and "2099-01-01-coded-twice" in found[0].message
    assert f"line {line}" in found[0].message and f"line {copy_line}" in found[0].message
    assert ", empty, " in found[0].message  # the empty municipality_code is part of the shared key
    assert "checked-distinct" not in found[0].message and where["distinct"] not in found[0].message
    assert "distinct_from" in found[0].hint


def test_document_without_claims(broken):
    problems, where = broken
    found = by_rule(problems, "quality.uncited-document", "data/sources.csv")
    assert [p.line for p in found] == [where["uncited"]]
    assert "nobody-2020-01-01-uncited" in found[0].message
    assert f"line {where['uncited']}" in found[0].message


def test_share_of_day_precision(broken):
    problems, _ = broken
    found = by_rule(problems, "quality.date-precision", "data/incidents.csv")
    assert len(found) == 1 and found[0].line is None
    assert "40%" in found[0].message and "found 0%" in found[0].message


def test_schema_generated_enum_and_full_match_pattern(broken):
    problems, where = broken
    enum = by_rule(problems, "quality.enum", "data/actors.csv")
    assert [p.line for p in enum] == [where["enum"]]
    assert "'robot'" in enum[0].message and "organization, person, collective" in enum[0].message
    assert "1 value outside the enum" in enum[0].message and f"line {where['enum']}" in enum[0].message
    pattern = by_rule(problems, "quality.pattern", "data/sources.csv")
    assert [p.line for p in pattern] == [where["language"]]
    assert "'spa'" in pattern[0].message


def test_schema_generated_required_unique_range_length_and_columns(broken):
    problems, where = broken
    required = by_rule(problems, "quality.required", "data/actors.csv")
    assert [p.line for p in required] == [where["required"]]
    assert "1 row empty" in required[0].message
    unique = by_rule(problems, "quality.unique", "data/claims.csv")
    value, first, second = where["unique"]
    assert [p.line for p in unique] == [first]
    assert repr(value) in unique[0].message and f"lines {first}, {second}" in unique[0].message
    length = by_rule(problems, "quality.length", "data/claims.csv")
    assert [p.line for p in length] == [where["length"]] and "0 characters" in length[0].message
    ranged = by_rule(problems, "quality.range", "data/claims.csv")
    assert [p.line for p in ranged] == [where["range"]] and "-3" in ranged[0].message
    columns = by_rule(problems, "quality.columns", "data/actors.csv")
    assert len(columns) == 1 and "missing description" in columns[0].message
    assert "unexpected descr" in columns[0].message


def test_schema_expectations_come_from_the_schemas(broken):
    """Only the crafted changes fail: no column is restated by hand and wrongly."""
    problems, _ = broken
    rules = {p.rule for p in problems if p.severity == "error"}
    assert rules == {"quality.fatalities", "quality.duplicate-incident", "quality.uncited-document",
                     "quality.date-precision", "quality.enum", "quality.pattern", "quality.required",
                     "quality.unique", "quality.length", "quality.range", "quality.columns"}
    assert len([p for p in problems if p.severity == "error"]) == 12  # two fatalities problems
    assert [p.severity for p in problems if p.severity != "error"] == ["warning"]
    assert by_rule(problems, "quality.row-count-baseline")[0].severity == "warning"


# --- scale -------------------------------------------------------------------------------------

def test_a_million_claims_cost_the_aggregation_not_great_expectations(built):
    frames, schemas = load(built)
    claims = frames["claims"]
    copies = -(-1_000_000 // claims.height)
    big = pl.concat([claims] * copies).with_columns(
        pl.format("{}-r{}", "claim_id", pl.int_range(pl.len()) // claims.height).alias("claim_id")
    ).rechunk()  # one chunk, as read from a CSV
    frames["claims"] = big
    assert big.height >= 1_000_000

    started = time.perf_counter()
    aggregates = aggregate(frames, schemas)
    aggregation = time.perf_counter() - started
    assert aggregates.frames["claims"]["_rows"][0] == big.height
    assert aggregates.frames["claims"]["claim_id__duplicates"][0] == 0
    assert aggregation < 10, aggregation  # about 0.2 s on 2 cores

    started = time.perf_counter()
    problems = quality_problems(built, frames, schemas, baseline=None)
    layer = time.perf_counter() - started
    assert [p.rule for p in problems] == ["quality.row-count-baseline"], problems
    assert layer < 30, layer  # about 1-1.5 s: GX validates the same few one-row frames


# --- row counts against a git baseline ---------------------------------------------------------

def test_count_records_handles_quoted_newlines():
    assert count_records(b'a,b\n1,"two\nlines"\n3,4\n') == 2
    assert count_records(b"a,b\n") == 0


def test_changelog_removals_reads_only_the_first_section(tmp_path):
    (tmp_path / "CHANGELOG.md").write_text(
        "# Changelog\n\n## 0.2.0\n\n- Data: Removed 3 claims coded twice\n- Data: added actors\n\n"
        "## 0.1.0\n\n- Data: removed incidents\n", "utf-8")
    assert changelog_removals(tmp_path) == {"claims"}
    assert changelog_removals(tmp_path / "nowhere") == set()


@pytest.fixture
def repo(dataset):
    if GIT is None:
        pytest.skip("git is not installed")
    git(dataset, "init", "-q")
    git(dataset, "add", "-A")
    git(dataset, "commit", "-q", "-m", "baseline")
    return dataset


def test_baseline_unavailable_is_a_warning(repo, tmp_path):
    counts, warning = baseline_row_counts(repo, "HEAD")
    assert warning is None and counts["claims"] == pl.read_csv(repo / "data" / "claims.csv").height
    for root, ref, why in ((repo, None, "no baseline"), (repo, "v9.9.9", "'v9.9.9' does not exist"),
                           (tmp_path / "elsewhere", "HEAD", "not in a git checkout")):
        root.mkdir(exist_ok=True)
        counts, warning = baseline_row_counts(root, ref)
        assert counts == {} and warning.rule == "quality.row-count-baseline"
        assert warning.severity == "warning" and why in warning.message


def test_rows_removed_need_a_changelog_entry(repo):
    frames, schemas = load(repo)
    before = frames["claims"].height
    fewer = {**frames, "claims": frames["claims"].slice(3)}

    problems = quality_problems(repo, fewer, schemas)
    found = by_rule(problems, "quality.row-count")
    assert [(p.file, p.severity) for p in found] == [("data/claims.csv", "error")]
    assert f"at least the {before} rows" in found[0].message
    assert f"found {before - 3} rows" in found[0].message
    assert "CHANGELOG.md" in found[0].hint
    assert not by_rule(problems, "quality.row-count-baseline")

    (repo / "CHANGELOG.md").write_text(
        "# Changelog\n\n## 0.2.0 — unreleased\n\n- Data: removed 3 claims coded twice\n", "utf-8")
    problems = quality_problems(repo, fewer, schemas)
    assert not [p for p in problems if p.severity == "error"], problems
