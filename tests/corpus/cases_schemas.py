"""schemas/: the Table Schemas and reference tables every step reads. Mistakes there are
caught before anything else (schema.*), or by frictionless on the built package (contract)."""

import json

from conftest import find_line

from .base import ACTORS, case, lines_of, replace_text, write_lines


def edit_json(root, rel, change):
    path = root / rel
    data = json.loads(path.read_text("utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")


def field(schema, name):
    return next(f for f in schema["fields"] if f["name"] == name)


@case("schema.missing-file")
def schema_file_deleted(root):
    (root / "schemas/states.json").unlink()
    return "schemas/states.json", None


@case("schema.json-syntax")
def schema_missing_comma(root):
    number, line = find_line(root / "schemas/actors.json", r'^      "name": "name",$')
    lines = lines_of(root, "schemas/actors.json")
    lines[number - 1] = line.rstrip(",")
    write_lines(root, "schemas/actors.json", lines)
    return "schemas/actors.json", number + 1  # where the parser stops: the next key


@case("schema.structure")
def schema_field_type_text(root):
    edit_json(root, "schemas/actors.json", lambda s: field(s, "description").update(type="text"))
    return "schemas/actors.json", find_line(root / "schemas/actors.json", r'"name": "description"')[0]


@case("schema.columns")
def schema_field_renamed(root):
    replace_text(root, "schemas/actors.json", '"name": "description"', '"name": "bio"')
    return "schemas/actors.json", None


@case("schema.vocabulary")
def event_types_out_of_step_with_schema(root):
    path = root / "schemas/event_types.json"
    data = json.loads(path.read_text("utf-8"))
    data["event_types"].pop()
    path.write_text(json.dumps(data), "utf-8")
    return "schemas/event_types.json", None


@case("coding.enum")
def schema_enum_tightened(root):
    edit_json(root, "schemas/actors.json",
              lambda s: field(s, "category")["constraints"]["enum"].remove("armed_group"))
    number, _ = find_line(root / ACTORS, r"^    category: armed_group")
    return ACTORS, number


# --- valid for the toolkit, invalid for frictionless (rebuilt, so only the contract catches it) --

@case("contract.schema-error", rebuild=True)
def schema_constraint_misspelt(root):
    edit_json(root, "schemas/actors.json", lambda s: field(s, "name")["constraints"].update(maxlength=200))
    return "schemas/actors.json", None


@case("contract.package-error", rebuild=True)
def package_keywords_not_a_list(root):
    edit_json(root, "schemas/package.json", lambda p: p.update(keywords="Mexico, autodefensas, vigilantes"))
    return "datapackage.json", None


@case("schema.types")
def column_type_the_toolkit_computes_with_changed(root):
    edit_json(root, "schemas/claims.json", lambda s: field(s, "char_start").update(type="string"))
    return "schemas/claims.json", find_line(root / "schemas/claims.json", r'"name": "char_start"')[0]


@case("schema.structure")
def pattern_that_is_not_a_regular_expression(root):
    edit_json(root, "schemas/actors.json", lambda s: field(s, "actor_id")["constraints"].update(pattern="[a-z"))
    return "schemas/actors.json", find_line(root / "schemas/actors.json", r'"name": "actor_id"')[0]


@case("contract.profile", rebuild=True)
def schema_example_a_number(root):
    # v2's Table Schema profile wants an example as the cell's text: "19.5", not 19.5.
    edit_json(root, "schemas/incidents.json", lambda s: field(s, "latitude").update(example=19.5))
    return "schemas/incidents.json", find_line(root / "schemas/incidents.json", r'"name": "latitude"')[0]


@case("contract.profile", rebuild=True)
def package_created_not_a_datetime(root):
    edit_json(root, "schemas/package.json", lambda p: p.update(created="22 November 2026"))
    return "schemas/package.json", find_line(root / "schemas/package.json", r'"created":')[0]
