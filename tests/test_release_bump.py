"""The bump a release needs, from the diff against the last release: every rule, with its reasons.

Versions are built small by hand (a claims table of three fields) or from the fixture
package with its descriptor edited, and compared with diff_versions().
"""

import copy
import json
import shutil

import pytest

from autodefensas.contrib.diff import diff_versions
from autodefensas.release.bump import (
    Bump,
    BumpError,
    choose,
    has_entries,
    next_version,
    required_bump,
    tag_of,
    version_of_tag,
)
from autodefensas.versions import Version, open_version

SCHEMA = {"fields": [{"name": "claim_id", "type": "string"},
                     {"name": "claim_type", "type": "string",
                      "constraints": {"enum": ["occurred", "fatalities", "abducted"]}},
                     {"name": "value_low", "type": "integer"}],
          "primaryKey": ["claim_id"]}
ROWS = [{"claim_id": "a-c01", "claim_type": "fatalities", "value_low": "3"},
        {"claim_id": "a-c02", "claim_type": "occurred", "value_low": ""}]


def version(rows=ROWS, schema=SCHEMA, label="v"):
    return Version(label, {"claims": copy.deepcopy(rows)}, {"claims": copy.deepcopy(schema)})


def bump_of(head, base=None, unreleased="", withdrawn=None):
    return required_bump(diff_versions(base or version(), head, withdrawn), unreleased)


def with_field(schema=SCHEMA, **changes):
    out = copy.deepcopy(schema)
    for name, edit in changes.items():
        field = next(f for f in out["fields"] if f["name"] == name)
        edit(field)
    return out


def test_nothing_changed_and_nothing_said_is_no_release():
    found = bump_of(version())
    assert found.level is None and found.reasons == []
    with pytest.raises(BumpError, match=r"nothing to release since v0\.1\.0"):
        choose(found, "auto", since="0.1.0")
    with pytest.raises(BumpError, match="nothing to release"):
        choose(found, "major", since="0.1.0")  # an explicit bump does not make a release of nothing


@pytest.mark.parametrize("unreleased", [
    "- Toolkit: `autodefensas release` makes a release.",
    "- Herramientas: `autodefensas release` publica una versión y su archivo.",
])
def test_no_data_change_but_changelog_entries_is_a_patch(unreleased):
    found = bump_of(version(), unreleased=unreleased)
    assert found.level == "patch"
    assert found.reasons == ["no data change; the changelog's Unreleased section has entries "
                             "(toolkit, documentation) (patch)"]


def test_an_unreleased_section_with_only_a_comment_has_no_entries():
    assert not has_entries("\n<!-- what the next release changes -->\n\n")
    assert has_entries("Corrección de dos fechas.")
    assert bump_of(version(), unreleased="<!-- nada aún -->").level is None


def test_corrected_cells_are_a_patch_naming_rows_and_fields():
    rows = copy.deepcopy(ROWS)
    rows[0]["value_low"] = "4"
    found = bump_of(version(rows))
    assert found.level == "patch"
    assert found.reasons == ["claims: 1 row corrected (a-c01; fields: value_low) (patch)"]


def test_rows_added_are_minor_and_named():
    rows = ROWS + [{"claim_id": f"b-c0{i}", "claim_type": "abducted", "value_low": "2"} for i in range(1, 6)]
    found = bump_of(version(rows))
    assert found.level == "minor"
    assert found.reasons == ["claims: 5 rows added (b-c01, b-c02, b-c03 and 2 more) (minor)"]


def test_rows_removed_are_minor_and_say_whether_withdrawn():
    found = bump_of(version(ROWS[:1]), withdrawn={("claims", "a-c02"): "a duplicate of a-c01"})
    assert found.level == "minor"
    assert found.reasons == ["claims: 1 row removed, withdrawn (a-c02) (minor)"]
    unsaid = bump_of(version(ROWS[:1]))
    assert unsaid.reasons == ["claims: 1 row removed, no withdrawal (a-c02) (minor)"]


def test_a_new_enum_value_is_minor():
    schema = with_field(claim_type=lambda f: f["constraints"]["enum"].append("arrest_warrants"))
    found = bump_of(version(schema=schema))
    assert found.level == "minor"
    assert found.reasons == ["claims.claim_type: enum value 'arrest_warrants' added (minor)"]


def test_a_new_field_is_minor():
    schema = copy.deepcopy(SCHEMA)
    schema["fields"].append({"name": "hedged", "type": "boolean"})
    rows = [{**row, "hedged": "false"} for row in ROWS]
    found = bump_of(version(rows, schema))
    assert found.level == "minor"
    assert found.reasons == ["claims.hedged: field added (boolean) (minor)"]


def test_a_changed_constraint_is_minor():
    schema = with_field(value_low=lambda f: f.setdefault("constraints", {}).update(minimum=0))
    found = bump_of(version(schema=schema))
    assert found.level == "minor"
    assert found.reasons == ['claims.value_low: constraints {"minimum": null} -> {"minimum": 0} (minor)']


@pytest.mark.parametrize("edit, reason", [
    (lambda s, r: s["fields"][1]["constraints"]["enum"].remove("abducted"),
     "claims.claim_type: enum value 'abducted' removed (major)"),
    (lambda s, r: s["fields"][2].update(type="number"), "claims.value_low: type integer -> number (major)"),
    (lambda s, r: (s["fields"].pop(2), [row.pop("value_low") for row in r]),
     "claims.value_low: field removed (was integer) (major)"),
    (lambda s, r: (s["fields"][2].update(name="value_min"), [row.update(value_min=row.pop("value_low")) for row in r]),
     "claims.value_min: field renamed from value_low (major)"),
    (lambda s, r: s.update(primaryKey=["claim_id", "claim_type"]),
     "claims: primary key claim_id -> claim_id/claim_type (major)"),
])
def test_what_breaks_a_users_code_is_major(edit, reason):
    schema, rows = copy.deepcopy(SCHEMA), copy.deepcopy(ROWS)
    edit(schema, rows)
    found = bump_of(version(rows, schema))
    assert found.level == "major"
    assert reason in found.reasons


def test_the_highest_level_wins_and_every_reason_is_kept_major_first():
    schema = with_field(claim_type=lambda f: f["constraints"]["enum"].remove("abducted"))
    rows = copy.deepcopy(ROWS) + [{"claim_id": "b-c01", "claim_type": "fatalities", "value_low": "1"}]
    rows[1]["value_low"] = "0"
    found = bump_of(version(rows, schema), unreleased="- Toolkit: something")
    assert found.level == "major"
    assert [r.rsplit(" ", 1)[1] for r in found.reasons] == ["(major)", "(minor)", "(patch)"]


def test_on_the_fixture_package_a_removed_enum_value_and_a_correction(built, tmp_path):
    """The package as published (schemas inline in datapackage.json): an enum value no row
    uses taken out of the actors' categories, and one incident's title corrected."""
    head = shutil.copytree(built, tmp_path / "head", ignore=shutil.ignore_patterns("seeds"))
    base = open_version(built / "datapackage.json")
    descriptor = json.loads((head / "datapackage.json").read_text("utf-8"))
    actors = next(r for r in descriptor["resources"] if r["name"] == "actors")
    assert isinstance(actors["schema"], dict)
    field = next(f for f in actors["schema"]["fields"] if f["name"] == "category")
    used = {row["category"] for row in base.tables["actors"]}
    unused = next(v for v in field["constraints"]["enum"] if v not in used)  # the data still fits
    field["constraints"]["enum"].remove(unused)
    (head / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    first = next(iter(base.keyed("incidents")))
    title = base.keyed("incidents")[first]["title"]
    csv_path = head / "data" / "incidents.csv"
    text = csv_path.read_text("utf-8")
    assert text.count(title) == 1
    csv_path.write_text(text.replace(title, title + " (corregido)"), "utf-8")
    found = required_bump(diff_versions(base, open_version(head / "datapackage.json")), "")
    assert found.level == "major"
    assert found.reasons == [f"actors.category: enum value {unused!r} removed (major)",
                             f"incidents: 1 row corrected ({first}; fields: title) (patch)"]


@pytest.mark.parametrize("last, level, new", [
    ("0.1.0", "patch", "0.1.1"), ("0.1.0", "minor", "0.2.0"), ("0.1.0", "major", "1.0.0"),
    ("0.1.3+dev", "patch", "0.1.4"), ("1.9.2+dev", "minor", "1.10.0"), ("1.9.2", "major", "2.0.0"),
])
def test_next_version(last, level, new):
    assert next_version(last, level) == new


def test_next_version_refuses_an_unknown_level():
    with pytest.raises(BumpError, match="unknown bump 'huge'"):
        next_version("0.1.0", "huge")


def test_tags_are_vXYZ():
    assert tag_of("0.2.0+dev") == "v0.2.0" and tag_of("1.0.0") == "v1.0.0"
    assert version_of_tag("v0.10.2") == "0.10.2"
    assert version_of_tag("v0.1") is None and version_of_tag("0.1.0") is None and version_of_tag("v01.0.0") is None


def test_auto_takes_what_the_changes_require():
    assert choose(Bump("minor", ["claims: 1 row added (x) (minor)"]), "auto") == "minor"


def test_a_higher_bump_than_required_is_allowed():
    assert choose(Bump("patch", ["x (patch)"]), "minor") == "minor"
    assert choose(Bump("minor", ["x (minor)"]), "major") == "major"
    assert choose(Bump("minor", ["x (minor)"]), "minor") == "minor"


def test_a_lower_bump_than_required_is_refused_with_the_reasons():
    required = Bump("major", ["claims.claim_type: enum value 'abducted' removed (major)",
                              "claims: 1 row added (b-c01) (minor)"])
    with pytest.raises(BumpError) as caught:
        choose(required, "minor")
    said = str(caught.value)
    assert "--bump minor is lower than the changes require (major)" in said
    assert "claims.claim_type: enum value 'abducted' removed (major)" in said
    assert "row added" not in said  # only the reasons that require the higher level
    assert "--bump major" in said


def test_an_unknown_bump_is_refused():
    with pytest.raises(BumpError, match="unknown bump 'big'; bumps are auto, major, minor, patch"):
        choose(Bump("patch", []), "big")
