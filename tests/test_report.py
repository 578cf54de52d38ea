"""Report: true counts whatever the listing shows, structured fields, three formats."""

import csv
import io
import json

import pytest

from autodefensas import verify
from autodefensas.report import Problem, Report
from autodefensas.report.catalogue import UnknownRuleError
from autodefensas.report.report import LIST_LIMIT


def set_every_cell(root, table, column, value):
    path = root / "data" / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    index = rows[0].index(column)
    for row in rows[1:]:
        row[index] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), "utf-8")
    return len(rows) - 1


def test_capping_shortens_the_listing_never_the_count(dataset):
    n = set_every_cell(dataset, "claims", "hedged", "perhaps")
    assert n > LIST_LIMIT
    report = verify(dataset, ("contract",))
    type_errors = [p for p in report.problems if p.rule == "contract.type-error"]
    assert len(type_errors) == n
    assert report.counts()["contract"]["contract.type-error"] == n
    errors = sum(report.counts()["contract"].values())
    assert report.summary().startswith(f"{errors} error(s)")
    shown, hidden = report.listed()
    assert len([p for p in shown if p.rule == "contract.type-error"]) == LIST_LIMIT
    assert hidden == [("contract.type-error", "data/claims.csv", n - LIST_LIMIT)]
    text = report.format("text")
    assert f"{n - LIST_LIMIT} more [contract.type-error] problem(s) not listed" in text
    as_json = json.loads(report.format("json"))
    assert as_json["counts"]["contract"]["contract.type-error"] == n
    assert as_json["not_listed"] == [{"rule": "contract.type-error", "file": "data/claims.csv", "count": n - LIST_LIMIT}]
    assert as_json["layers"][0]["name"] == "contract" and as_json["layers"][0]["errors"] == errors


def test_problem_fields_are_structured(dataset):
    set_every_cell(dataset, "claims", "hedged", "perhaps")
    problem = next(p for p in verify(dataset, ("contract",)).problems if p.rule == "contract.type-error")
    assert (problem.table, problem.field, problem.value, problem.row) == ("claims", "hedged", "perhaps", 2)
    assert problem.key and problem.layer == "contract" and problem.severity == "error"


def test_one_fault_one_finding(dataset):
    """A bad event_type is a contract finding only (the quality layer used to repeat it)."""
    path = dataset / "data" / "incidents.csv"
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    rows[1][rows[0].index("event_type")] = "skirmish"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), "utf-8")
    report = verify(dataset, ("contract", "rules", "quality"), baseline=None)
    about = [p for p in report.problems if p.severity == "error" and p.row == 2 and p.table == "incidents"]
    assert [p.rule for p in about] == ["contract.constraint-error"]


def test_a_problem_must_name_a_declared_rule():
    with pytest.raises(UnknownRuleError):
        Problem(rule="coding.no-such-rule", file="x", message="y")


def test_hint_defaults_to_the_catalogue_fix():
    problem = Problem(rule="coding.text-bom", file="seeds/a.txt", message="m")
    assert problem.hint == "save the file as UTF-8 without BOM"


def test_github_format_escapes_and_summarizes():
    report = Report([Problem(rule="coding.unknown-key", file="seeds/a,b.yaml", line=3, message="50% done\nnext")])
    out = report.format("github").splitlines()
    assert out[0] == "::error file=seeds/a%2Cb.yaml,line=3,title=coding.unknown-key::50%25 done%0Anext (fix: " \
        "use one of the allowed keys (the message suggests the closest))"
    assert out[-1].startswith("1 error(s)")
