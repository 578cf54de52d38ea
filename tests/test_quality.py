"""Quality layer: great-expectations over the loaded tables.

Each quality_problems() call builds and runs a GX suite (~1.5 s once GX is imported),
so the crafted breakages that do not interfere share one run (the `broken` fixture).
"""

import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import autodefensas
from autodefensas.quality import (
    THRESHOLDS,
    baseline_row_counts,
    changelog_removals,
    count_records,
    quality_problems,
)
from autodefensas.schema import load_schemas
from conftest import REPO

GIT = shutil.which("git")


def load(root: Path):
    return autodefensas.load(root / "datapackage.json"), load_schemas(root / "schemas")


def by_rule(problems, rule, file=None):
    return [p for p in problems if p.rule == rule and (file is None or p.file == file)]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org",
                    "-c", "commit.gpgsign=false", *args], check=True, capture_output=True)


# --- the real dataset --------------------------------------------------------------------------

def test_real_dataset_has_no_errors_and_data_docs_are_written(dataset, tmp_path):
    tables, schemas = load(dataset)
    docs = tmp_path / "data-docs"
    problems = quality_problems(dataset, tables, schemas, docs_dir=docs)
    assert all(p.layer == "quality" for p in problems)
    # dataset is a plain copy, not a git checkout: only the baseline check may be skipped
    assert [p for p in problems if p.severity == "error"] == [], problems
    assert {p.rule for p in problems} <= {"quality.row-count-baseline"}
    assert (docs / "index.html").is_file()
    assert list((docs / "validations").rglob("*.html"))


# --- crafted breakages, one GX run -------------------------------------------------------------

def _with_value(frame: pd.DataFrame, index, column: str, value) -> None:
    if isinstance(frame[column].dtype, pd.CategoricalDtype) and value not in frame[column].cat.categories:
        frame[column] = frame[column].cat.add_categories([value])
    frame.loc[index, column] = value


@pytest.fixture(scope="module")
def broken():
    """Problems for the repository's tables broken in memory, with what was broken where."""
    tables, schemas = load(REPO)  # read only; the tables are changed in memory
    incidents, claims = tables.incidents.copy(), tables.claims.copy()
    sources, actors = tables.sources.copy(), tables.actors.copy()
    where = {}

    row = incidents.index[incidents["fatalities_high"].notna()][0]
    incidents.loc[row, "fatalities_high"] = 5000
    where["incident_fatalities"] = row + 2
    # the same state-level incident coded twice (municipality_code empty in both)
    state_level = incidents.index[incidents["municipality_code"].isna()][0]
    copy = incidents.loc[[state_level]].assign(incident_id="2099-01-01-coded-twice")
    # and one coded twice that the coder marked as a different event: not a duplicate
    local = incidents.index[incidents["municipality_code"].notna()][0]
    distinct = incidents.loc[[local]].assign(incident_id="2099-01-01-checked-distinct",
                                             distinct_from=incidents.loc[local, "incident_id"])
    incidents = pd.concat([incidents, copy, distinct], ignore_index=True)
    copy_line = len(incidents) - 2 + 2  # second to last row; index i is on line i + 2
    where["duplicate"] = (incidents.loc[state_level, "incident_id"], state_level + 2, copy_line)
    where["distinct"] = incidents.loc[local, "incident_id"]
    incidents.loc[:, "date_precision"] = "month"

    fatality = claims.index[claims["claim_type"] == "fatalities"][0]
    claims.loc[fatality, "value_high"] = 5000
    where["claim_fatalities"] = fatality + 2
    other = claims.index[claims["claim_type"] == "participants"][0]
    claims.loc[other, "value_high"] = 5000  # not a fatality figure: no problem
    where["claim_other"] = other + 2

    uncited = sources[sources["role"] == "document"].iloc[[0]].assign(source_id="nobody-2020-01-01-uncited")
    sources = pd.concat([sources, uncited], ignore_index=True)
    where["uncited"] = len(sources) + 1
    sources.loc[0, "language"] = "spa"  # contains a match of [a-z]{2} but is not one
    where["language"] = 2

    _with_value(actors, 3, "kind", "robot")
    where["enum"] = 5

    broken_tables = autodefensas.Tables(sources=sources, actors=actors, incidents=incidents, claims=claims)
    return quality_problems(REPO, broken_tables, schemas, baseline=None), where


def test_implausible_fatalities_are_errors_on_incidents_and_fatality_claims(broken):
    problems, where = broken
    incident = by_rule(problems, "quality.fatalities", "data/incidents.csv")
    assert [(p.line, p.severity) for p in incident] == [(where["incident_fatalities"], "error")]
    assert "5000" in incident[0].message and str(THRESHOLDS["fatalities_max"]) in incident[0].message
    claim = by_rule(problems, "quality.fatalities", "data/claims.csv")
    assert [p.line for p in claim] == [where["claim_fatalities"]]  # the participants figure passes
    assert not [p for p in problems if p.file == "data/claims.csv" and p.line == where["claim_other"]]


def test_duplicate_incident_is_reported_unless_marked_distinct(broken):
    problems, where = broken
    original, line, copy_line = where["duplicate"]
    found = by_rule(problems, "quality.duplicate-incident", "data/incidents.csv")
    assert len(found) == 1 and found[0].line == line
    assert original in found[0].message and "2099-01-01-coded-twice" in found[0].message
    assert f"line {copy_line}" in found[0].message
    assert "checked-distinct" not in found[0].message and where["distinct"] not in found[0].message
    assert "distinct_from" in found[0].hint


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


def test_schema_generated_enum_and_full_match_pattern(broken):
    problems, where = broken
    enum = by_rule(problems, "quality.enum", "data/actors.csv")
    assert [p.line for p in enum] == [where["enum"]]
    assert "'robot'" in enum[0].message and "organization, person, collective" in enum[0].message
    pattern = by_rule(problems, "quality.pattern", "data/sources.csv")
    assert [p.line for p in pattern] == [where["language"]]
    assert "'spa'" in pattern[0].message


def test_schema_expectations_come_from_the_schemas(broken):
    """Only the crafted changes fail: no column is restated by hand and wrongly."""
    problems, _ = broken
    rules = {p.rule for p in problems if p.severity == "error"}
    assert rules == {"quality.fatalities", "quality.duplicate-incident", "quality.uncited-document",
                     "quality.date-precision", "quality.enum", "quality.pattern"}
    assert by_rule(problems, "quality.row-count-baseline")[0].severity == "warning"


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
    assert warning is None and counts["claims"] == len(autodefensas.load(repo / "datapackage.json").claims)
    for root, ref, why in ((repo, None, "no baseline"), (repo, "v9.9.9", "'v9.9.9' does not exist"),
                           (tmp_path / "elsewhere", "HEAD", "not in a git checkout")):
        root.mkdir(exist_ok=True)
        counts, warning = baseline_row_counts(root, ref)
        assert counts == {} and warning.rule == "quality.row-count-baseline"
        assert warning.severity == "warning" and why in warning.message


def test_rows_removed_need_a_changelog_entry(repo):
    tables, schemas = load(repo)
    fewer = autodefensas.Tables(sources=tables.sources, actors=tables.actors,
                                incidents=tables.incidents, claims=tables.claims.iloc[3:])
    before = len(tables.claims)

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
