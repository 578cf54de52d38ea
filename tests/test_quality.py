"""Quality layer: great-expectations over polars aggregates of the tables, only what a
Table Schema cannot say. Each quality_problems() call runs a GX suite (about a second
once GX is imported, whatever the size of the tables), so the crafted breakages share
one run (the `broken` fixture)."""

import time
from pathlib import Path

import polars as pl
import pytest

from autodefensas import verify
from autodefensas.tableschema import load_schemas
from autodefensas.verify.engine import load_package
from autodefensas.verify.quality import quality_problems
from autodefensas.verify.quality.baseline import Baseline, baseline_keys, keys_of, removed
from autodefensas.verify.quality.checks import THRESHOLDS, aggregate


def load(root: Path):
    schemas = load_schemas(root).tables
    loaded = load_package(root, schemas)
    assert loaded.complete, loaded.unread
    return dict(loaded.typed), schemas


def run(root, frames, schemas, withdrawn=(), baseline=None, docs_dir=None):
    return quality_problems(root, frames, schemas, list(withdrawn), docs_dir, baseline)


def by_rule(problems, rule, file=None):
    return [p for p in problems if p.rule == rule and (file is None or p.file == file)]


def set_cell(frame: pl.DataFrame, row: int, column: str, value) -> pl.DataFrame:
    index = pl.int_range(pl.len())
    return frame.with_columns(pl.when(index == row).then(pl.lit(value, dtype=frame.schema[column]))
                              .otherwise(pl.col(column)).alias(column))


def first_row(frame: pl.DataFrame, condition) -> int:
    return frame.with_row_index("i").filter(condition)["i"][0]


def test_clean_dataset_has_no_errors_and_data_docs_are_written(dataset, tmp_path):
    frames, schemas = load(dataset)
    docs = tmp_path / "data-docs"
    problems = run(dataset, frames, schemas, docs_dir=docs)
    assert [p.rule for p in problems] == ["quality.baseline-skipped"]  # no baseline given
    assert problems[0].severity == "warning" and problems[0].layer == "quality"
    assert (docs / "index.html").is_file()
    assert list((docs / "validations").rglob("*.html"))


def test_great_expectations_sees_only_small_aggregates(dataset):
    frames, _ = load(dataset)
    aggregates = aggregate(frames, {})
    assert set(aggregates.frames) == {"incidents", "claims", "document_citations"}
    assert all(frame.height <= 1 for frame in aggregates.frames.values())
    incidents = aggregates.frames["incidents"].row(0, named=True)
    assert incidents["_rows"] == frames["incidents"].height
    assert 0 < incidents["date_precision__day_share"] <= 1
    assert aggregates.frames["document_citations"]["documents_without_claims"][0] == 0


@pytest.fixture(scope="module")
def broken(built):
    """Problems for the fixture's tables broken in memory, with what was broken where."""
    frames, schemas = load(built)  # read only; the frames are changed in memory
    incidents, claims, sources = frames["incidents"], frames["claims"], frames["sources"]
    where = {}

    row = first_row(incidents, pl.col("fatalities_high").is_not_null())
    incidents = set_cell(incidents, row, "fatalities_high", 5000)
    where["incident_fatalities"] = row + 2
    incidents = incidents.with_columns(pl.lit("month").alias("date_precision"))

    fatality = first_row(claims, pl.col("claim_type") == "fatalities")
    claims = set_cell(claims, fatality, "value_high", 5000)
    where["claim_fatalities"] = fatality + 2
    other = first_row(claims, pl.col("claim_type") == "participants")
    claims = set_cell(claims, other, "value_high", 5000)  # not a fatality figure: no problem
    where["claim_other"] = other + 2

    uncited = (sources.filter(pl.col("role") == "document").head(1)
               .with_columns(pl.lit("nobody-2020-01-01-uncited").alias("source_id")))
    sources = pl.concat([sources, uncited])
    where["uncited"] = sources.height + 1

    broken_frames = {**frames, "sources": sources, "incidents": incidents, "claims": claims}
    return run(built, broken_frames, schemas), where


def test_implausible_fatalities_are_errors_on_incidents_and_fatality_claims(broken):
    problems, where = broken
    incident = by_rule(problems, "quality.fatalities", "data/incidents.csv")
    assert [(p.line, p.severity) for p in incident] == [(where["incident_fatalities"], "error")]
    assert "5000" in incident[0].message and str(THRESHOLDS["fatalities_max"]) in incident[0].message
    claim = by_rule(problems, "quality.fatalities", "data/claims.csv")
    assert [p.line for p in claim] == [where["claim_fatalities"]]  # the participants figure passes
    assert "1 fatality claim above 500" in claim[0].message


def test_document_without_claims(broken):
    problems, where = broken
    found = by_rule(problems, "quality.uncited-document", "data/sources.csv")
    assert [p.line for p in found] == [where["uncited"]]
    assert "nobody-2020-01-01-uncited" in found[0].message


def test_share_of_day_precision(broken):
    problems, _ = broken
    found = by_rule(problems, "quality.date-precision", "data/incidents.csv")
    assert len(found) == 1 and found[0].line is None
    assert "40%" in found[0].message and "found 0%" in found[0].message


def test_only_what_a_table_schema_cannot_say(broken):
    problems, _ = broken
    assert {p.rule for p in problems if p.severity == "error"} == {
        "quality.fatalities", "quality.uncited-document", "quality.date-precision"}
    assert len([p for p in problems if p.severity == "error"]) == 4  # two fatalities problems


def test_a_million_claims_cost_the_aggregation_not_great_expectations(built):
    frames, schemas = load(built)
    claims = frames["claims"]
    copies = -(-1_000_000 // claims.height)
    big = pl.concat([claims] * copies).with_columns(
        pl.format("{}-r{}", "claim_id", pl.int_range(pl.len()) // claims.height).alias("claim_id")).rechunk()
    frames["claims"] = big
    started = time.perf_counter()
    aggregate(frames, {})
    assert time.perf_counter() - started < 10  # well under a second on 2 cores
    started = time.perf_counter()
    problems = run(built, frames, schemas)
    assert [p.rule for p in problems] == ["quality.baseline-skipped"], problems
    assert time.perf_counter() - started < 30  # GX validates the same few one-row frames


# --- rows removed since a git baseline ---------------------------------------------------------

def test_keys_of_reads_the_key_column_with_quoted_newlines():
    assert keys_of(b'id,b\nx,"two\nlines"\ny,4\n', "id") == {"x", "y"}
    assert keys_of(b"other\n1\n", "id") == set()


def test_removed_lists_what_no_withdrawal_covers():
    base = Baseline(keys={"claims": {"a", "b", "c"}, "actors": {"x"}})
    found = removed(base, {"claims": {"a"}, "actors": {"x"}}, [{"table": "claims", "id": "b", "reason": "..."}])
    assert found == {"claims": (["b", "c"], ["c"]), "actors": ([], [])}


def test_baseline_unavailable_is_a_warning(repo, tmp_path):
    keys = {"claims": "claim_id"}
    found = baseline_keys(repo, "HEAD", keys)
    assert found.warning is None and len(found.keys["claims"]) == pl.read_csv(repo / "data" / "claims.csv").height
    for root, ref, why in ((repo, None, "no baseline"), (repo, "v9.9.9", "'v9.9.9' does not exist"),
                           (tmp_path / "elsewhere", "HEAD", "not in a git checkout")):
        root.mkdir(exist_ok=True)
        found = baseline_keys(root, ref, keys)
        assert found.keys == {} and found.warning.rule == "quality.baseline-skipped"
        assert found.warning.severity == "warning" and why in found.warning.message


def test_rows_removed_need_a_withdrawal(repo):
    frames, schemas = load(repo)
    gone = frames["claims"]["claim_id"][:3].to_list()
    fewer = {**frames, "claims": frames["claims"].slice(3)}
    problems = run(repo, fewer, schemas, baseline="HEAD")
    found = by_rule(problems, "quality.removed-rows")
    assert [(p.file, p.severity, p.key) for p in found] == [("data/claims.csv", "error", sorted(gone)[0])]
    assert all(claim_id in found[0].message for claim_id in gone)
    assert "withdrawn.yaml" in found[0].hint
    assert not by_rule(problems, "quality.baseline-skipped")
    withdrawn = [{"table": "claims", "id": claim_id, "reason": "coded twice"} for claim_id in gone]
    assert not [p for p in run(repo, fewer, schemas, withdrawn, baseline="HEAD") if p.severity == "error"]


def test_a_withdrawal_is_read_from_seeds_and_checked(repo):
    """End to end: an incident's row disappears from the tables; verify fails until
    seeds/registry/withdrawn.yaml lists it, and the coding layer checks that file's form."""
    frames, _ = load(repo)
    victim = frames["actors"]["actor_id"][0]
    path = repo / "data" / "actors.csv"
    lines = path.read_text("utf-8").split("\n")
    path.write_text("\n".join(line for line in lines if not line.startswith(f"{victim},")), "utf-8")
    report = verify(repo, ("quality",), baseline="HEAD")
    assert [p.key for p in report.problems if p.rule == "quality.removed-rows"] == [victim]
    withdrawn = repo / "seeds" / "registry" / "withdrawn.yaml"
    withdrawn.write_text(f"withdrawn:\n  - table: actors\n    id: {victim}\n    reason: merged into another actor\n",
                         "utf-8")
    assert verify(repo, ("quality",), baseline="HEAD").ok
    withdrawn.write_text("withdrawn:\n  - table: actor\n    id: x\n    reason: short\n", "utf-8")
    rules = {p.rule: p for p in verify(repo, ("coding",)).problems}
    assert rules["coding.enum"].file == "seeds/registry/withdrawn.yaml" and rules["coding.enum"].line == 2
    assert rules["coding.range"].line == 4
