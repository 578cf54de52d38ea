"""The contract layer's generated checks and the rules layer's rules a Table Schema
cannot say, each caught on a hand-edited copy of the data and located at its row
(contract: the CSV row, as frictionless does) or its coding line (rules)."""

import csv
import json

import pytest

from autodefensas import verify
from autodefensas.report.catalogue import get
from autodefensas.tableschema import load_schemas
from autodefensas.verify.contract import pandera_schema
from autodefensas.verify.rules import table_rules
from conftest import REPO, edit_cell, first_row

RETAKEN = "2015-01-06-apatzingan-town-hall-retaken"


def rules_problems(root):
    return verify(root, ("coding", "contract", "rules")).problems


def assert_found(problems, rule, table, line):
    hits = [p for p in problems if p.rule == rule]
    assert hits, f"no {rule}: {[(p.rule, p.message) for p in problems]}"
    assert any(f"data/{table}.csv:{line}" in p.message or (p.file, p.line) == (f"data/{table}.csv", line)
               for p in hits), [(p.file, p.line, p.message) for p in hits]
    return hits


def test_clean_dataset_has_no_rule_problems(built):
    assert rules_problems(built) == []


def test_problem_points_at_the_coding_line(dataset):
    line = edit_cell(dataset, "incidents", RETAKEN, "fatalities_best", "9")
    hit = assert_found(rules_problems(dataset), "rules.fatalities-order", "incidents", line)[0]
    assert hit.file == "seeds/registry/incidents.yaml" and hit.line > 1


@pytest.mark.parametrize(("table", "column", "value", "rule"), [
    ("incidents", "fatalities_best", "9", "rules.fatalities-order"),
    ("incidents", "fatalities_high_open", "", "rules.fatalities-complete"),
    ("incidents", "date_end", "2014-01-01", "rules.date-order"),
    ("incidents", "municipality_code", "12006", "rules.municipality-state"),
    ("incidents", "latitude", "19.1", "rules.coordinates"),
    ("incidents", "municipality", "", "rules.geo-precision"),
    ("incidents", "n_claims", "99", "rules.incident-counts"),
    ("incidents", "date_precision", "sometime", "contract.constraint-error"),
    ("incidents", "state_code", "", "contract.constraint-error"),
    ("incidents", "fatalities_low", "-1", "contract.constraint-error"),
    ("incidents", "fatalities_low", "one", "contract.type-error"),
    ("incidents", "date_start", "2015-02-30", "contract.type-error"),
    ("incidents", "date_start", "2015-2-3", "contract.type-error"),
    ("incidents", "n_claims", "1.0", "contract.type-error"),
    ("incidents", "municipality_code", "160", "contract.constraint-error"),
    ("incidents", "title", "x" * 201, "contract.constraint-error"),
])
def test_incident_rules(dataset, table, column, value, rule):
    line = edit_cell(dataset, table, RETAKEN, column, value)
    assert_found(rules_problems(dataset), rule, table, line)


def claim_of(root, claim_type):
    return first_row(root, "claims", lambda r: r["claim_type"] == claim_type)


@pytest.mark.parametrize(("claim_type", "column", "value", "rule"), [
    ("fatalities", "value_high", "0", "rules.value-order"),
    ("fatalities", "value_qualifier", "range", "rules.qualifier-values"),
    ("date", "value_low", "3", "rules.qualifier-values"),
    ("date", "subject_actor_id", "viagras", "rules.claim-target"),
    ("date", "char_end", "1", "rules.offsets"),
    ("date", "quote", "On the early morning of January 7", "rules.quote-slice"),
    ("date", "value_text", "2016-01-01", "rules.after-publication"),
    ("date", "value_text", "January", "rules.date-value"),
    ("fatalities", "cited_source_id", "insightcrime-2015-01-07-apatzingan-shootouts", "rules.source-role"),
    ("fatalities", "hedged", "perhaps", "contract.type-error"),
    ("fatalities", "actor_id", "no-such-actor", "contract.foreign-key"),
])
def test_claim_rules(dataset, claim_type, column, value, rule):
    claim = claim_of(dataset, claim_type)
    line = edit_cell(dataset, "claims", claim["claim_id"], column, value)
    assert_found(rules_problems(dataset), rule, "claims", line)


def test_duplicate_primary_key(dataset):
    with open(dataset / "data/claims.csv", encoding="utf-8") as f:
        claims = list(csv.DictReader(f))
    line = edit_cell(dataset, "claims", claims[1]["claim_id"], "claim_id", claims[0]["claim_id"])
    assert_found(rules_problems(dataset), "contract.primary-key", "claims", line)
    assert_found(rules_problems(dataset), "contract.unique-error", "claims", line)


def test_source_rules(dataset):
    document = first_row(dataset, "sources", lambda r: r["role"] == "document")
    line = edit_cell(dataset, "sources", document["source_id"], "text_chars", "5")
    assert_found(rules_problems(dataset), "rules.text-chars", "sources", line)
    line = edit_cell(dataset, "sources", document["source_id"], "text_sha256", "0" * 64)
    assert_found(rules_problems(dataset), "rules.text-hash", "sources", line)
    outlet = first_row(dataset, "sources", lambda r: r["role"] == "cited_outlet")
    line = edit_cell(dataset, "sources", outlet["source_id"], "text_chars", "12")
    assert_found(rules_problems(dataset), "rules.source-fields", "sources", line)


def test_incident_without_claims(dataset):
    claims = (dataset / "data/claims.csv").read_text("utf-8").split("\n")
    kept = [line for line in claims if "2014-12-luis-antonio-torres-surrenders" not in line]
    (dataset / "data/claims.csv").write_text("\n".join(kept), "utf-8")
    problems = rules_problems(dataset)
    assert any(p.rule == "rules.incident-claims" and "torres-surrenders" in p.message for p in problems)


def test_columns_not_matching_schema(dataset):
    """A schema whose columns differ from what the build writes stops everything first."""
    path = dataset / "schemas/actors.json"
    path.write_text(path.read_text("utf-8").replace('"name": "description"', '"name": "bio"'), "utf-8")
    problems = verify(dataset, ("contract", "rules")).problems
    assert [(p.rule, p.file) for p in problems] == [("schema.columns", "schemas/actors.json"),
                                                    ("verify.not-run", "schemas/")]


def test_pandera_schema_is_generated_from_the_table_schema():
    schemas = load_schemas(REPO)
    generated = pandera_schema(schemas["claims"])
    assert list(generated.columns) == schemas["claims"].columns
    assert not generated.columns["claim_id"].nullable and generated.columns["note"].nullable
    enum = schemas["claims"].field_map["claim_type"]["constraints"]["enum"]
    assert [check.statistics for check in generated.columns["claim_type"].checks] == [{"allowed_values": enum}]


def test_every_rule_has_a_table_and_is_declared():
    states = json.loads((REPO / "schemas/states.json").read_text("utf-8"))
    for rule in table_rules(states):
        assert rule.table in ("sources", "actors", "incidents", "claims")
        assert get(rule.id).layer == "rules" and get(rule.id).fix


def test_parent_cycles_once_each_from_their_first_member():
    from autodefensas.build.resolve import parent_cycles

    found = parent_cycles({"a": "b", "b": "a", "c": "c", "d": "e", "e": "f", "f": "e", "g": "a", "h": "x"})
    assert found == [["a", "b"], ["c"], ["e", "f"]]  # d leads into e <-> f but is not on it
