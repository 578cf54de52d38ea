"""A valid contribution keeps the suite green.

The contribution (tests/fixtures/contribution/) is a new article with its coding sheet
and registry edits: it reports a new incident, adds a second date claim and a fatality
figure to two existing incidents, and refines existing registry entries (one incident's
place, another's summary, an actor's aliases). A second date claim on the Torres-Mora
clash is exactly what broke the suite when it read the live seeds.

Added to a copy of the fixture dataset and built, as a contributor would, it must
verify clean on every layer and keep the checks that the repository-wide tests run on
the live dataset (checks.py).
"""

import hashlib
import importlib.util
import shutil

import pytest
import yaml

from autodefensas import build, verify
from checks import WHOLE_DATASET_CHECKS, read
from conftest import REPO, copy_dataset

CONTRIBUTION = REPO / "tests" / "fixtures" / "contribution"
SOURCE_ID = "diariodelbalsas-2015-01-20-nueva-italia-checkpoint-attack"
NEW = "2015-01-18-nueva-italia-checkpoint-attack"
EXISTING = "2015-01-06-apatzingan-town-hall-retaken"
CLASH = "2014-12-rural-defense-force-torres-mora-clash"


def registry_edits():
    spec = importlib.util.spec_from_file_location("registry_edits", CONTRIBUTION / "registry_edits.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def contribute(root):
    """Add the article, its sheet and the registry edits to the dataset at root."""
    for suffix in (".txt", ".yaml"):
        shutil.copy2(CONTRIBUTION / f"{SOURCE_ID}{suffix}", root / "seeds" / f"{SOURCE_ID}{suffix}")
    edits = registry_edits()
    for rel, old, new in edits.REPLACE:
        text = (root / rel).read_text("utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {rel}"
        (root / rel).write_text(text.replace(old, new), "utf-8")
    for rel, added in edits.APPEND.items():
        text = (root / rel).read_text("utf-8")
        assert text.endswith("\n"), rel
        (root / rel).write_text(text + added, "utf-8")
    return root


@pytest.fixture(scope="module")
def contributed(built, tmp_path_factory):
    """The fixture dataset with the contribution added and built."""
    root = contribute(copy_dataset(tmp_path_factory.mktemp("contributed") / "dataset", built))
    report = build(root)
    assert report.ok, report.format_text()
    return root


def by_id(root, table):
    rows = read(root, f"data/{table}.csv")
    key = next(iter(rows[0]))
    return {row[key]: row for row in rows}


def test_the_sheet_carries_the_texts_hash():
    # written by hand in the sheet, as a contributor must: verify would refuse a stale one
    sheet = yaml.safe_load((CONTRIBUTION / f"{SOURCE_ID}.yaml").read_text("utf-8"))
    text = (CONTRIBUTION / f"{SOURCE_ID}.txt").read_bytes()
    assert sheet["source"]["text_sha256"] == hashlib.sha256(text).hexdigest()
    assert sheet["source"]["source_id"] == SOURCE_ID


def test_contribution_verifies_clean_on_every_layer(contributed):
    report = verify(contributed, baseline=None)
    assert report.ok, report.format_text()
    assert report.layers == ["coding", "drift", "contract", "rules", "quality"]
    # a copy is not a git checkout: the only thing said is that no row-count baseline was used
    assert {p.rule for p in report.problems} <= {"quality.baseline-skipped"}, report.format_text()


def test_existing_incident_gains_a_source_and_keeps_its_derived_figures(built, contributed):
    before, after = by_id(built, "incidents")[EXISTING], by_id(contributed, "incidents")[EXISTING]
    assert int(after["n_sources"]) == int(before["n_sources"]) + 1
    assert int(after["n_claims"]) == int(before["n_claims"]) + 2
    date_claims = [c for c in read(contributed, "data/claims.csv")
                   if c["incident_id"] == EXISTING and c["claim_type"] == "date"]
    assert len(date_claims) == 2 and {c["value_text"] for c in date_claims} == {"2015-01-06"}
    # estimates 1 (official), 7 (at least, locals), 2 (prosecutor): low 1, best = lower median of 1 and 2
    assert (after["fatalities_low"], after["fatalities_best"], after["fatalities_high"],
            after["fatalities_high_open"]) == ("1", "1", "7", "true")
    assert after["date_start"] == after["date_end"] == "2015-01-06" and after["date_precision"] == "day"
    assert "state prosecutor's office later put the toll at two" in after["summary"]


def test_second_date_claim_narrows_the_clash_to_a_day_and_place(built, contributed):
    before, after = by_id(built, "incidents")[CLASH], by_id(contributed, "incidents")[CLASH]
    assert (before["date_precision"], before["geo_precision"]) == ("month", "state")
    assert int(after["n_sources"]) == int(before["n_sources"]) + 1
    # month (December 2014) and day (16 December): the narrowest interval wins
    assert (after["date_start"], after["date_end"], after["date_precision"]) == ("2014-12-16", "2014-12-16", "day")
    assert (after["municipality_code"], after["locality"], after["geo_precision"]) == ("16012", "La Ruana", "locality")
    # both documents say 11: the same figure from two sources
    assert (after["fatalities_low"], after["fatalities_best"], after["fatalities_high"]) == ("11", "11", "11")


def test_new_incident_is_derived_from_its_claims(contributed):
    new = by_id(contributed, "incidents")[NEW]
    assert (new["fatalities_low"], new["fatalities_best"], new["fatalities_high"],
            new["fatalities_high_open"]) == ("3", "3", "3", "true")  # "at least three"
    assert (new["date_start"], new["date_end"], new["date_precision"]) == ("2015-01-18", "2015-01-18", "day")
    assert (new["municipality_code"], new["municipality"], new["locality"]) == ("16055", "Múgica", "Nueva Italia")
    assert (new["n_sources"], new["n_claims"]) == ("1", "5")


def test_registry_edits_reach_the_tables(built, contributed):
    actors = by_id(contributed, "actors")
    assert "rurales" in actors["rural-defense-force"]["aliases"]
    assert "rurales" not in by_id(built, "actors")["rural-defense-force"]["aliases"]
    assert {"nueva-italia-checkpoint-gunmen", "michoacan-state-prosecutor"} <= set(actors)
    document = by_id(contributed, "sources")[SOURCE_ID]
    assert (document["role"], document["publisher"]) == ("document", "Diario del Balsas")


def test_other_incidents_are_untouched(built, contributed):
    before, after = by_id(built, "incidents"), by_id(contributed, "incidents")
    assert set(after) - set(before) == {NEW}
    assert {k for k in before if before[k] != after[k]} == {EXISTING, CLASH}


@pytest.mark.parametrize("check", WHOLE_DATASET_CHECKS, ids=lambda check: check.__name__)
def test_whole_dataset_checks_hold_on_the_contribution(contributed, check):
    # the checks test_build.py runs on the live repository: a valid contribution keeps them
    check(contributed)
