"""The descriptor against the Data Package v2 profile: clean when built, and each
breach named at the schemas/ file and line it comes from."""

import copy
import json

import pytest

from autodefensas.verify.profile import PROFILE, profile_problems


@pytest.fixture
def descriptor(built):
    return json.loads((built / "datapackage.json").read_text("utf-8"))


def test_the_built_descriptor_is_valid(built, descriptor):
    assert profile_problems(descriptor, built) == []


def test_the_profile_is_the_published_v2_one():
    profile = json.loads(PROFILE.read_text("utf-8"))
    assert profile["title"] == "Data Package"
    assert "resources" in profile["required"]


def _field(descriptor, table, name):
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    return next(f for f in resource["schema"]["fields"] if f["name"] == name)


@pytest.mark.parametrize(("table", "name", "example"), [("incidents", "latitude", 19.5),
                                                        ("claims", "hedged", False),
                                                        ("incidents", "fatalities_low", 3)])
def test_an_example_that_is_not_a_string_is_named_at_its_schema_line(built, descriptor, table, name, example):
    broken = copy.deepcopy(descriptor)
    _field(broken, table, name)["example"] = example
    (problem,) = profile_problems(broken, built)
    text = (built / f"schemas/{table}.json").read_text("utf-8")
    line = text[:text.index(f'"name": "{name}"')].count("\n") + 1
    assert (problem.rule, problem.file, problem.line, problem.field) == ("contract.profile", f"schemas/{table}.json",
                                                                         line, name)
    assert "is not of type 'string'" in problem.message and "example" in problem.message
    assert f"schemas/{table}.json" in problem.hint


def test_a_constraint_of_the_wrong_type_for_its_field(built, descriptor):
    broken = copy.deepcopy(descriptor)
    _field(broken, "claims", "hedged")["constraints"]["enum"] = [1]
    (problem,) = profile_problems(broken, built)
    assert problem.file == "schemas/claims.json" and "enum" in problem.message


@pytest.mark.parametrize("created", ["22 November 2026", "2026-11-22", "2026-13-01T00:00:00Z", "2026-11-22T00:00:00"])
def test_created_must_be_an_rfc3339_datetime(built, descriptor, created):
    broken = dict(descriptor, created=created)
    (problem,) = profile_problems(broken, built)
    assert (problem.file, problem.rule) == ("schemas/package.json", "contract.profile")
    assert "created" in problem.message


@pytest.mark.parametrize("created", ["2026-11-22T00:00:00Z", "2026-11-22T10:30:00+02:00", "2026-11-22T10:30:00.5Z"])
def test_valid_datetimes_pass(built, descriptor, created):
    assert profile_problems(dict(descriptor, created=created), built) == []


def test_a_licence_without_name_or_path(built, descriptor):
    broken = dict(descriptor, licenses=[{"title": "ours"}])
    (problem,) = profile_problems(broken, built)
    assert problem.file == "schemas/package.json" and problem.line is not None
    assert "'name' is a required property" in problem.message


def test_without_a_checkout_the_problem_has_no_line(descriptor):
    broken = copy.deepcopy(descriptor)
    _field(broken, "incidents", "latitude")["example"] = 19.5
    (problem,) = profile_problems(broken, None)
    assert problem.file == "schemas/incidents.json" and problem.line is None


def test_a_resource_without_a_path_points_at_the_descriptor(built, descriptor):
    broken = copy.deepcopy(descriptor)
    del broken["resources"][0]["path"]
    problems = profile_problems(broken, built)
    assert problems and all(p.file == "datapackage.json" for p in problems)
