import csv
import io
import json

from autodefensas import build
from autodefensas.build import make_build
from autodefensas.paths import TABLES
from conftest import REPO


def read(root, rel):
    return list(csv.DictReader(io.StringIO((root / rel).read_text("utf-8"))))


def test_committed_package_equals_a_fresh_build():
    built = make_build(REPO)
    assert built.report.ok, built.report.format_text()
    for rel, data in built.files.items():
        assert (REPO / rel).read_bytes() == data, f"{rel} differs from a fresh build"


def test_two_builds_are_byte_identical(dataset):
    assert build(dataset).ok
    first = {p: p.read_bytes() for p in sorted(dataset.rglob("*")) if p.is_file()}
    assert build(dataset).ok
    second = {p: p.read_bytes() for p in sorted(dataset.rglob("*")) if p.is_file()}
    assert first == second


def test_every_quote_is_its_text_slice():
    sources = {row["source_id"]: row for row in read(REPO, "data/sources.csv")}
    claims = read(REPO, "data/claims.csv")
    assert len(claims) > 40
    for claim in claims:
        text = (REPO / sources[claim["source_id"]]["text_path"]).read_text("utf-8")
        assert text[int(claim["char_start"]):int(claim["char_end"])] == claim["quote"], claim["claim_id"]


def test_every_incident_has_claims_and_counts_match():
    claims = read(REPO, "data/claims.csv")
    for incident in read(REPO, "data/incidents.csv"):
        own = [c for c in claims if c["incident_id"] == incident["incident_id"]]
        assert int(incident["n_claims"]) == len(own) > 0
        assert int(incident["n_sources"]) == len({c["source_id"] for c in own})


def test_same_event_in_two_articles_is_one_incident():
    incidents = read(REPO, "data/incidents.csv")
    assert any(int(i["n_sources"]) >= 2 for i in incidents)


def test_schema_field_order_is_the_csv_column_order():
    for name in TABLES:
        schema = json.loads((REPO / "schemas" / f"{name}.json").read_text("utf-8"))
        header = (REPO / "data" / f"{name}.csv").read_text("utf-8").split("\n")[0]
        assert header.split(",") == [f["name"] for f in schema["fields"]]


def test_descriptor_is_readable_by_r_frictionless():
    descriptor = json.loads((REPO / "datapackage.json").read_text("utf-8"))
    for key in ("name", "title", "description", "licenses", "contributors", "sources"):
        assert descriptor[key], key
    assert descriptor["version"] == "0.1.0"
    assert [r["name"] for r in descriptor["resources"]] == list(TABLES)
    for resource in descriptor["resources"]:
        assert resource["type"] == "table"
        assert resource["profile"] == "tabular-data-resource"
        assert resource["bytes"] == len((REPO / resource["path"]).read_bytes())
        assert resource["hash"].startswith("sha256:")
        schema = json.loads((REPO / resource["schema"]).read_text("utf-8"))
        assert "categories" not in json.dumps(schema)
        for field in schema["fields"]:
            assert field["type"] != "list"
            assert field["description"] and "example" in field, field["name"]
        assert all(isinstance(v, str) for v in schema.get("missingValues", []))


def test_bad_coding_writes_nothing(dataset):
    before = {p: p.read_bytes() for p in (dataset / "data").iterdir()}
    sheet = next((dataset / "seeds").glob("*.yaml"))
    sheet.write_text(sheet.read_text("utf-8").replace("claim_type: date", "claim_type: dates", 1), "utf-8")
    report = build(dataset)
    assert not report.ok
    assert {p: p.read_bytes() for p in (dataset / "data").iterdir()} == before
    assert not list(dataset.glob(".build-*"))


def test_apatzingan_fatalities_follow_the_rule():
    incidents = {i["incident_id"]: i for i in read(REPO, "data/incidents.csv")}
    retaken = incidents["2015-01-06-apatzingan-town-hall-retaken"]
    # officially one dead, locals at least seven: low 1, best 1 (lower median), high 7
    assert (retaken["fatalities_low"], retaken["fatalities_best"], retaken["fatalities_high"]) == ("1", "1", "7")
    assert retaken["date_start"] == retaken["date_end"] == "2015-01-06"
    assert retaken["date_precision"] == "day"
