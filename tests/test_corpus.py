"""A corpus of broken contributions. Each case breaks a copy of the dataset the way a
contributor might, and asserts that verify exits 1 reporting the case's rule id at
the right file and line.

A case returns (rule, file, line); line None means the problem concerns the whole
file. Cases marked rebuild=True change the coding validly for the coding layer and
are then built, as a contributor would, so that a later layer must catch them.
"""

import json
import unicodedata

import pytest
from typer.testing import CliRunner

from autodefensas import build, verify
from autodefensas.cli import app
from conftest import SHEET, find_line, insert_after, replace_line

TEXT = SHEET.replace(".yaml", ".txt")
ACTORS = "seeds/registry/actors.yaml"
INCIDENTS = "seeds/registry/incidents.yaml"
LAYERS = ("coding", "drift", "contract", "rules")  # quality has its own tests (slow import)

CASES = {}


def case(rebuild=False):
    def register(fn):
        CASES[fn.__name__] = (fn, rebuild)
        return fn
    return register


def edit_line(root, rel, pattern, new, nth=0):
    """Replace the nth line matching pattern by new (a string, or a function of the old line)."""
    number, line = find_line(root / rel, pattern, nth)
    replace_line(root / rel, number, new(line) if callable(new) else new)
    return number


def claim_start(root, rel, number):
    """Line of the '- id:' item that holds line number."""
    lines = (root / rel).read_text("utf-8").split("\n")[:number]
    return max(i for i, line in enumerate(lines, start=1) if line.startswith("  - "))


# --- YAML ------------------------------------------------------------------------------------

@case()
def yaml_syntax_error(root):
    return "coding.yaml-syntax", SHEET, edit_line(root, SHEET, r"^    quote: ", "    quote: [unclosed")


@case()
def tab_indentation(root):
    return "coding.yaml-syntax", SHEET, edit_line(root, SHEET, r"^    hedged: ", "\thedged: false")


@case()
def duplicate_key(root):
    number, line = find_line(root / SHEET, r"^    hedged: ")
    insert_after(root / SHEET, number, line)
    return "coding.duplicate-key", SHEET, number + 1


@case()
def yaml_alias_bomb(root):
    path = root / SHEET
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    bomb += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]"
             for i in range(8)]
    path.write_text("\n".join(bomb) + "\n" + path.read_text("utf-8"), "utf-8")
    return "coding.yaml-alias", SHEET, 2


@case()
def empty_coding_sheet(root):
    (root / SHEET).write_text("", "utf-8")
    return "coding.empty-file", SHEET, None


@case()
def sheet_without_claims_list(root):
    text = (root / SHEET).read_text("utf-8")
    (root / SHEET).write_text(text[: text.index("claims:")] + "claims: none\n", "utf-8")
    number, _ = find_line(root / SHEET, r"^claims: none")
    return "coding.structure", SHEET, number


@case()
def fifty_megabyte_text(root):
    path = root / TEXT
    path.write_bytes(path.read_bytes() + b"x" * 50_000_000)
    return "coding.file-too-large", TEXT, None


# --- keys and values -------------------------------------------------------------------------

@case()
def unknown_field(root):
    return "coding.unknown-key", SHEET, edit_line(root, SHEET, r"^    claimant_text: ",
                                                  lambda line: line.replace("claimant_text", "claimant_txt"))


@case()
def unknown_field_in_registry(root):
    return "coding.unknown-key", ACTORS, edit_line(root, ACTORS, r"^    description: ", "    bio: a person")


@case()
def missing_required_field(root):
    number = edit_line(root, SHEET, r"^    quote: ", "    # quote removed")
    return "coding.missing-key", SHEET, claim_start(root, SHEET, number)


@case()
def wrong_type_boolean(root):
    return "coding.type", SHEET, edit_line(root, SHEET, r"^    hedged: ", "    hedged: maybe")


@case()
def wrong_type_unquoted_code(root):
    return "coding.type", INCIDENTS, edit_line(root, INCIDENTS, r'^    municipality_code: "16006"',
                                               "    municipality_code: 16006")


@case()
def unknown_enum_value(root):
    return "coding.enum", SHEET, edit_line(root, SHEET, r"^    claim_type: date$", "    claim_type: when")


@case()
def figure_value_shape(root):
    return "coding.value-shape", SHEET, edit_line(root, SHEET, r"^    value: ", "    value: [100, 60]")


@case()
def bad_date_value(root):
    return "coding.date-format", SHEET, edit_line(root, SHEET, r'^    value_text: "?2015-01-06"?$',
                                                  "    value_text: January 6")


@case()
def id_with_path_characters(root):
    return "coding.pattern", SHEET, edit_line(root, SHEET, r"^  - id: ", "  - id: ../../etc/passwd")


@case()
def spreadsheet_formula(root):
    return "coding.formula", SHEET, edit_line(root, SHEET, r"^    claimant_text: ",
                                              '    claimant_text: "=HYPERLINK(\\"http://x\\")"')


@case()
def source_id_differs_from_file_name(root):
    return "coding.source-id-mismatch", SHEET, edit_line(root, SHEET, r"^  source_id: ",
                                                         "  source_id: insightcrime-2015-01-08-other")


# --- IDs and references ----------------------------------------------------------------------

@case()
def duplicate_claim_id(root):
    _, line = find_line(root / SHEET, r"^  - id: ")
    return "coding.duplicate-id", SHEET, edit_line(root, SHEET, r"^  - id: ", line, nth=1)


@case()
def duplicate_actor_id(root):
    _, line = find_line(root / ACTORS, r"^  - actor_id: ")
    return "coding.duplicate-id", ACTORS, edit_line(root, ACTORS, r"^  - actor_id: ", line, nth=1)


@case()
def dangling_incident(root):
    return "coding.unknown-ref", SHEET, edit_line(root, SHEET, r"^    incident_id: ", "    incident_id: 2015-01-06-nowhere")


@case()
def dangling_actor(root):
    return "coding.unknown-ref", SHEET, edit_line(root, SHEET, r"^    actor_id: ", "    actor_id: viagraz")


@case()
def dangling_subject_actor(root):
    return "coding.unknown-ref", SHEET, edit_line(root, SHEET, r"^    subject_actor_id: ",
                                                  "    subject_actor_id: no-such-group")


@case()
def dangling_claimant(root):
    return "coding.unknown-ref", SHEET, edit_line(root, SHEET, r"^    claimant_actor_id: ",
                                                  "    claimant_actor_id: nobody")


@case()
def dangling_cited_outlet(root):
    return "coding.unknown-ref", SHEET, edit_line(root, SHEET, r"^    cited_source_id: ",
                                                  "    cited_source_id: the-daily-planet")


@case()
def dangling_parent_actor(root):
    number, line = find_line(root / ACTORS, r"^    kind: ")
    insert_after(root / ACTORS, number, "    parent_actor_id: no-such-parent")
    return "coding.unknown-ref", ACTORS, number + 1


@case()
def dangling_distinct_from(root):
    number, _ = find_line(root / INCIDENTS, r"^    geo_precision: ")
    insert_after(root / INCIDENTS, number, "    distinct_from: 2015-01-06-no-such-incident")
    return "coding.unknown-ref", INCIDENTS, number + 1


@case()
def missing_text(root):
    (root / TEXT).unlink()
    number, _ = find_line(root / SHEET, r"^  source_id: ")
    return "coding.missing-text", SHEET, number


# --- quotes and texts ------------------------------------------------------------------------

@case()
def quote_not_in_text(root):
    return "coding.quote-not-found", SHEET, edit_line(root, SHEET, r"^    quote: ",
                                                      "    quote: a sentence no article contains")


@case()
def quote_ambiguous(root):
    return "coding.quote-ambiguous", SHEET, edit_line(root, SHEET, r"^    quote: ", "    quote: Viagras")


@case()
def text_changed_after_coding(root):
    path = root / TEXT
    path.write_text(path.read_text("utf-8") + " An added sentence.", "utf-8")
    return "coding.text-hash", SHEET, find_line(root / SHEET, r"^  text_sha256: ")[0]


@case()
def text_not_utf8(root):
    path = root / TEXT
    path.write_bytes(path.read_bytes().replace(b"Apatzingan", b"Apatzing\xe1n", 1))
    return "coding.text-encoding", TEXT, 3


@case()
def text_with_bom(root):
    path = root / TEXT
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return "coding.text-bom", TEXT, 1


@case()
def text_with_crlf(root):
    path = root / TEXT
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return "coding.text-crlf", TEXT, 1


@case()
def text_in_nfd(root):
    path = root / TEXT
    path.write_bytes(path.read_bytes().replace(b"Apatzingan", unicodedata.normalize("NFD", "Apatzingán").encode(), 1))
    return "coding.text-nfc", TEXT, 3


@case()
def text_with_control_character(root):
    path = root / TEXT
    path.write_bytes(path.read_bytes().replace(b"Later that", b"Later\x07that", 1))
    return "coding.text-control", TEXT, 5


# --- generated files and schemas -------------------------------------------------------------

@case()
def hand_edit_of_data(root):
    path = root / "data/incidents.csv"
    number, line = find_line(path, r"^2015-01-06-apatzingan-town-hall-retaken,")
    replace_line(path, number, line.replace(",day,", ",month,", 1))
    return "drift.changed-row", "data/incidents.csv", number


@case()
def offsets_edited_by_hand(root):
    path = root / "data/claims.csv"
    number, line = find_line(path, r",fatalities,")
    cells = line.split(",")
    # shift char_start and char_end by one: the slice is no longer the quote
    import csv
    import io
    row = next(csv.reader(io.StringIO(line)))
    header = path.read_text("utf-8").split("\n")[0].split(",")
    start, end = header.index("char_start"), header.index("char_end")
    row[start], row[end] = str(int(row[start]) + 1), str(int(row[end]) + 1)
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    replace_line(path, number, out.getvalue())
    assert cells  # the line was a claims row
    return "drift.changed-row", "data/claims.csv", number


@case()
def generated_codebook_edited(root):
    path = root / "docs/codebook.md"
    path.write_text(path.read_text("utf-8").replace("# Codebook", "# Our codebook", 1), "utf-8")
    return "drift.changed", "docs/codebook.md", 1


@case()
def schema_field_renamed(root):
    path = root / "schemas/actors.json"
    path.write_text(path.read_text("utf-8").replace('"name": "description"', '"name": "bio"'), "utf-8")
    return "schema.columns", "schemas/actors.json", None


@case()
def schema_enum_tightened(root):
    path = root / "schemas/actors.json"
    schema = json.loads(path.read_text("utf-8"))
    category = next(f for f in schema["fields"] if f["name"] == "category")
    category["constraints"]["enum"].remove("armed_group")
    path.write_text(json.dumps(schema, indent=2), "utf-8")
    number, _ = find_line(root / ACTORS, r"^    category: armed_group")
    return "coding.enum", ACTORS, number


@case()
def event_types_out_of_step_with_schema(root):
    path = root / "schemas/event_types.json"
    data = json.loads(path.read_text("utf-8"))
    data["event_types"].pop()
    path.write_text(json.dumps(data), "utf-8")
    return "schema.vocabulary", "schemas/event_types.json", None


# --- rules a schema cannot say (the contributor rebuilt, so only the rules catch them) -------

@case(rebuild=True)
def date_after_publication(root):
    number = edit_line(root, SHEET, r'^    value_text: "?2015-01-06"?$', '    value_text: "2015-02-06"')
    return "rules.after-publication", SHEET, claim_start(root, SHEET, number)


@case(rebuild=True)
def municipality_not_in_state(root):
    number = edit_line(root, INCIDENTS, r'^    municipality_code: "16006"', '    municipality_code: "12006"')
    return "rules.municipality-state", INCIDENTS, claim_start(root, INCIDENTS, number)


@case(rebuild=True)
def latitude_without_longitude(root):
    number = edit_line(root, INCIDENTS, r"^    latitude: null", "    latitude: 19.08")
    return "rules.coordinates", INCIDENTS, claim_start(root, INCIDENTS, number)


@case(rebuild=True)
def precision_without_place(root):
    number = edit_line(root, INCIDENTS, r"^    geo_precision: state", "    geo_precision: locality")
    return "rules.geo-precision", INCIDENTS, claim_start(root, INCIDENTS, number)


@case(rebuild=True)
def actor_is_its_own_parent(root):
    _, line = find_line(root / ACTORS, r"^  - actor_id: ")
    actor = line.split(":", 1)[1].strip()
    number, _ = find_line(root / ACTORS, r"^    kind: ")
    insert_after(root / ACTORS, number, f"    parent_actor_id: {actor}")
    return "rules.self-parent", ACTORS, claim_start(root, ACTORS, number)


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_contribution_is_reported(dataset, name):
    mutate, rebuild = CASES[name]
    rule, file, line = mutate(dataset)
    if rebuild:
        assert build(dataset).ok, "the case must pass the coding layer"
    report = verify(dataset, LAYERS)
    assert not report.ok
    found = [(p.rule, p.file, p.line) for p in report.problems]
    assert (rule, file, line) in found, f"expected {(rule, file, line)}, got {found}"


@pytest.mark.parametrize("name", ["quote_not_in_text", "hand_edit_of_data", "date_after_publication"])
def test_cli_exits_1_and_names_the_place(dataset, name):
    mutate, rebuild = CASES[name]
    rule, file, line = mutate(dataset)
    if rebuild:
        build(dataset)
    result = CliRunner().invoke(app, ["verify", "--root", str(dataset), "--format", "github", "-q",
                                      *sum((["--layer", layer] for layer in LAYERS), [])])
    assert result.exit_code == 1
    assert f"::error file={file},line={line},title={rule}::" in result.output
