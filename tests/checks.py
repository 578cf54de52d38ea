"""Checks that hold for ANY valid dataset, whatever its content.

They are the only checks run on the repository's own seeds/ and data/ (test_build.py),
and they are run again on the fixture dataset with a contribution added
(test_contribution.py), so that a valid contribution is proven to keep them green.
"""

import csv
import io
import json
from pathlib import Path

from autodefensas.build import make_build
from autodefensas.paths import TABLES


def read(root: Path, rel: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO((root / rel).read_text("utf-8"))))


def committed_package_equals_a_fresh_build(root: Path) -> None:
    fresh = make_build(root)
    assert fresh.report.ok, fresh.report.format_text()
    assert fresh.files
    for rel, data in fresh.files.items():
        assert (root / rel).read_bytes() == data, f"{rel} differs from a fresh build"


def every_quote_is_its_text_slice(root: Path) -> None:
    sources = {row["source_id"]: row for row in read(root, "data/sources.csv")}
    claims = read(root, "data/claims.csv")
    assert claims  # an empty table would pass the loop vacuously
    for claim in claims:
        text = (root / sources[claim["source_id"]]["text_path"]).read_text("utf-8")
        assert text[int(claim["char_start"]):int(claim["char_end"])] == claim["quote"], claim["claim_id"]


def every_incident_has_claims_and_counts_match(root: Path) -> None:
    claims = read(root, "data/claims.csv")
    incidents = read(root, "data/incidents.csv")
    assert incidents
    for incident in incidents:
        own = [c for c in claims if c["incident_id"] == incident["incident_id"]]
        assert int(incident["n_claims"]) == len(own) > 0, incident["incident_id"]
        assert int(incident["n_sources"]) == len({c["source_id"] for c in own}), incident["incident_id"]


def schema_field_order_is_the_csv_column_order(root: Path) -> None:
    for name in TABLES:
        schema = json.loads((root / "schemas" / f"{name}.json").read_text("utf-8"))
        header = (root / "data" / f"{name}.csv").read_text("utf-8").split("\n")[0]
        assert header.split(",") == [f["name"] for f in schema["fields"]], name


def descriptor_is_readable_by_r_frictionless(root: Path) -> None:
    descriptor = json.loads((root / "datapackage.json").read_text("utf-8"))
    for key in ("name", "title", "description", "licenses", "contributors", "sources"):
        assert descriptor[key], key
    # the version is the one the maintainers set in schemas/package.json, whatever it is
    assert descriptor["version"] == json.loads((root / "schemas/package.json").read_text("utf-8"))["version"]
    assert [r["name"] for r in descriptor["resources"]] == list(TABLES)
    for resource in descriptor["resources"]:
        assert resource["type"] == "table"
        assert resource["profile"] == "tabular-data-resource"
        assert resource["bytes"] == len((root / resource["path"]).read_bytes())
        assert resource["hash"].startswith("sha256:")
        # inline, so that R's write_package() copies it with the resource
        schema = resource["schema"]
        assert schema == json.loads((root / "schemas" / f"{resource['name']}.json").read_text("utf-8"))
        assert "categories" not in json.dumps(schema)
        for field in schema["fields"]:
            assert field["type"] != "list"
            assert field["description"] and isinstance(field.get("example"), str), field["name"]
        assert all(isinstance(v, str) for v in schema.get("missingValues", []))


WHOLE_DATASET_CHECKS = (
    committed_package_equals_a_fresh_build,
    every_quote_is_its_text_slice,
    every_incident_has_claims_and_counts_match,
    schema_field_order_is_the_csv_column_order,
    descriptor_is_readable_by_r_frictionless,
)
