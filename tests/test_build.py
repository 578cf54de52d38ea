"""Build: the repository's own package (checks that hold for any valid dataset, in
checks.py) and the build's behaviour on the frozen fixture dataset."""

from autodefensas import build
from checks import (
    committed_package_equals_a_fresh_build,
    descriptor_is_readable_by_r_frictionless,
    every_incident_has_claims_and_counts_match,
    every_quote_is_its_text_slice,
    read,
    schema_field_order_is_the_csv_column_order,
)
from conftest import REPO, SHEET

# --- the repository itself: only checks that hold for any valid dataset --------------------


def test_committed_package_equals_a_fresh_build():
    committed_package_equals_a_fresh_build(REPO)


def test_every_quote_is_its_text_slice():
    every_quote_is_its_text_slice(REPO)


def test_every_incident_has_claims_and_counts_match():
    every_incident_has_claims_and_counts_match(REPO)


def test_schema_field_order_is_the_csv_column_order():
    schema_field_order_is_the_csv_column_order(REPO)


def test_descriptor_is_readable_by_r_frictionless():
    descriptor_is_readable_by_r_frictionless(REPO)


# --- the frozen fixture dataset ------------------------------------------------------------

def test_two_builds_are_byte_identical(dataset):
    assert build(dataset).ok
    first = {p: p.read_bytes() for p in sorted(dataset.rglob("*")) if p.is_file()}
    assert build(dataset).ok
    second = {p: p.read_bytes() for p in sorted(dataset.rglob("*")) if p.is_file()}
    assert first == second


def test_bad_coding_writes_nothing(dataset):
    before = {p: p.read_bytes() for p in (dataset / "data").iterdir()}
    sheet = dataset / SHEET
    sheet.write_text(sheet.read_text("utf-8").replace("claim_type: date", "claim_type: dates", 1), "utf-8")
    report = build(dataset)
    assert not report.ok
    assert {p: p.read_bytes() for p in (dataset / "data").iterdir()} == before
    assert not list(dataset.glob(".build-*"))


def test_same_event_in_two_articles_is_one_incident(built):
    incidents = {i["incident_id"]: i for i in read(built, "data/incidents.csv")}
    # the detention of soldiers is told by both InSight Crime articles of August 2013
    assert incidents["2013-08-05-guerrero-self-defense-groups-detain-soldiers"]["n_sources"] == "2"


def test_apatzingan_fatalities_follow_the_rule(built):
    incidents = {i["incident_id"]: i for i in read(built, "data/incidents.csv")}
    retaken = incidents["2015-01-06-apatzingan-town-hall-retaken"]
    # officially one dead, locals at least seven: low 1, best 1 (lower median), high 7
    assert (retaken["fatalities_low"], retaken["fatalities_best"], retaken["fatalities_high"]) == ("1", "1", "7")
    assert retaken["date_start"] == retaken["date_end"] == "2015-01-06"
    assert retaken["date_precision"] == "day"
