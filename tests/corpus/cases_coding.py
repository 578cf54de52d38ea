"""Coding layer: broken sheets, registries and texts in seeds/, caught as they are read."""

import unicodedata

from conftest import SHEET, find_line, insert_after

from .base import (
    ACTORS,
    INCIDENTS,
    OUTLETS,
    RETAKEN,
    SOURCE_ID,
    TEXT,
    case,
    claim_lines,
    claim_start,
    coding_line,
    copy_incident,
    delete_lines,
    edit_line,
    key_line,
    lines_of,
    write_lines,
)

# --- files -----------------------------------------------------------------------------------


@case("coding.missing-file")
def registry_deleted(root):
    (root / OUTLETS).unlink()
    return OUTLETS, None


@case("coding.no-sheets")
def every_sheet_deleted(root):
    for path in [*(root / "seeds").glob("*.yaml"), *(root / "seeds").glob("*.txt")]:
        path.unlink()
    return "seeds", None


@case("coding.text-without-sheet")
def text_saved_without_its_sheet(root):
    (root / "seeds/reuters-2019-10-16-tepochica-follow-up.txt").write_text("Two days after the gunfight...\n",
                                                                            "utf-8")
    return "seeds/reuters-2019-10-16-tepochica-follow-up.txt", None


@case("coding.encoding")
def registry_saved_as_latin1(root):
    path = root / ACTORS
    path.write_bytes(path.read_bytes().replace("Ángel".encode(), "Ángel".encode("latin-1"), 1))
    return ACTORS, None


@case("coding.empty-file")
def empty_coding_sheet(root):
    (root / SHEET).write_text("", "utf-8")
    return SHEET, None


@case("coding.file-too-large")
def fifty_megabyte_text(root):
    path = root / TEXT
    path.write_bytes(path.read_bytes() + b"x" * 50_000_000)
    return TEXT, None


# --- YAML ------------------------------------------------------------------------------------

@case("coding.yaml-syntax")
def yaml_syntax_error(root):
    return SHEET, edit_line(root, SHEET, r"^    quote: ", "    quote: [unclosed")


@case("coding.yaml-syntax")
def tab_indentation(root):
    return SHEET, edit_line(root, SHEET, r"^    hedged: ", "\thedged: false")


@case("coding.duplicate-key")
def duplicate_key(root):
    number, line = find_line(root / SHEET, r"^    hedged: ")
    insert_after(root / SHEET, number, line)
    return SHEET, number + 1


@case("coding.yaml-alias")
def yaml_alias_bomb(root):
    path = root / SHEET
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    bomb += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]"
             for i in range(8)]
    path.write_text("\n".join(bomb) + "\n" + path.read_text("utf-8"), "utf-8")
    return SHEET, 2


@case("coding.structure")
def sheet_without_claims_list(root):
    text = (root / SHEET).read_text("utf-8")
    (root / SHEET).write_text(text[: text.index("claims:")] + "claims: none\n", "utf-8")
    number, _ = find_line(root / SHEET, r"^claims: none")
    return SHEET, number


# --- keys and values -------------------------------------------------------------------------

@case("coding.unknown-key")
def unknown_field(root):
    return SHEET, edit_line(root, SHEET, r"^    claimant_text: ",
                            lambda line: line.replace("claimant_text", "claimant_txt"))


@case("coding.unknown-key")
def unknown_field_in_registry(root):
    return ACTORS, edit_line(root, ACTORS, r"^    description: ", "    bio: a person")


@case("coding.missing-key")
def missing_required_field(root):
    number = edit_line(root, SHEET, r"^    quote: ", "    # quote removed")
    return SHEET, claim_start(root, SHEET, number)


@case("coding.missing-value")
def required_value_left_empty(root):
    return ACTORS, edit_line(root, ACTORS, r"^    name: ", "    name:")


@case("coding.type")
def wrong_type_boolean(root):
    return SHEET, edit_line(root, SHEET, r"^    hedged: ", "    hedged: maybe")


@case("coding.type")
def wrong_type_unquoted_code(root):
    return INCIDENTS, edit_line(root, INCIDENTS, r'^    municipality_code: "16006"', "    municipality_code: 16006")


@case("coding.enum")
def unknown_enum_value(root):
    return SHEET, edit_line(root, SHEET, r"^    claim_type: date$", "    claim_type: when")


@case("coding.range")
def occurrence_counted_from_zero(root):
    number, _ = find_line(root / SHEET, r"^    quote: ")
    insert_after(root / SHEET, number, "    occurrence: 0")
    return SHEET, number + 1


@case("coding.pattern")
def id_with_path_characters(root):
    return SHEET, edit_line(root, SHEET, r"^  - id: ", "  - id: ../../etc/passwd")


@case("coding.formula")
def spreadsheet_formula(root):
    return SHEET, edit_line(root, SHEET, r"^    claimant_text: ", '    claimant_text: "=HYPERLINK(\\"http://x\\")"')


@case("coding.source-id-mismatch")
def source_id_differs_from_file_name(root):
    return SHEET, edit_line(root, SHEET, r"^  source_id: ", "  source_id: insightcrime-2015-01-08-other")


# --- what each kind of claim needs -----------------------------------------------------------

@case("coding.value-shape")
def figure_value_shape(root):
    return SHEET, edit_line(root, SHEET, r"^    value: ", "    value: [100, 60]")


@case("coding.date-format")
def bad_date_value(root):
    return SHEET, edit_line(root, SHEET, r'^    value_text: "?2015-01-06"?$', "    value_text: January 6")


@case("coding.claim-target")
def affiliation_coded_on_an_incident(root):
    # c26 says the Viagras worked for the Familia Michoacana: a claim about an actor, not an incident
    edit_line(root, SHEET, r"^    subject_actor_id: viagras$", f"    incident_id: {RETAKEN}")
    return SHEET, key_line(root, "c26", "claim_type")


@case("coding.claim-needs-actor")
def involved_actor_without_role(root):
    delete_lines(root, SHEET, key_line(root, "c03", "role"))
    return SHEET, key_line(root, "c03", "claim_type")


@case("coding.claim-needs-value-text")
def location_without_value_text(root):
    delete_lines(root, SHEET, key_line(root, "c02", "value_text"))
    return SHEET, key_line(root, "c02", "claim_type")


@case("coding.figure-needs-qualifier")
def figure_without_qualifier(root):
    delete_lines(root, SHEET, key_line(root, "c09", "value_qualifier"))
    return SHEET, key_line(root, "c09", "claim_type")


@case("coding.several-incidents-needs-note")
def several_incidents_figure_without_note(root):
    number = key_line(root, "c16", "value_qualifier")
    insert_after(root / SHEET, number, "    scope: several_incidents")
    return SHEET, number + 1


# --- IDs and references ----------------------------------------------------------------------

@case("coding.duplicate-id")
def duplicate_claim_id(root):
    _, line = find_line(root / SHEET, r"^  - id: ")
    return SHEET, edit_line(root, SHEET, r"^  - id: ", line, nth=1)


@case("coding.duplicate-id")
def duplicate_actor_id(root):
    _, line = find_line(root / ACTORS, r"^  - actor_id: ")
    return ACTORS, edit_line(root, ACTORS, r"^  - actor_id: ", line, nth=1)


@case("coding.unknown-ref")
def dangling_incident(root):
    return SHEET, edit_line(root, SHEET, r"^    incident_id: ", "    incident_id: 2015-01-06-nowhere")


@case("coding.unknown-ref")
def dangling_actor(root):
    return SHEET, edit_line(root, SHEET, r"^    actor_id: ", "    actor_id: viagraz")


@case("coding.unknown-ref")
def dangling_subject_actor(root):
    return SHEET, edit_line(root, SHEET, r"^    subject_actor_id: ", "    subject_actor_id: no-such-group")


@case("coding.unknown-ref")
def dangling_claimant(root):
    return SHEET, edit_line(root, SHEET, r"^    claimant_actor_id: ", "    claimant_actor_id: nobody")


@case("coding.unknown-ref")
def dangling_cited_outlet(root):
    return SHEET, edit_line(root, SHEET, r"^    cited_source_id: ", "    cited_source_id: the-daily-planet")


@case("coding.unknown-ref")
def dangling_parent_actor(root):
    number, _ = find_line(root / ACTORS, r"^    kind: ")
    insert_after(root / ACTORS, number, "    parent_actor_id: no-such-parent")
    return ACTORS, number + 1


@case("coding.unknown-ref")
def dangling_distinct_from(root):
    number, _ = find_line(root / INCIDENTS, r"^    geo_precision: ")
    insert_after(root / INCIDENTS, number, "    distinct_from: 2015-01-06-no-such-incident")
    return INCIDENTS, number + 1


@case("coding.incident-without-claims")
def incident_registered_before_its_claims(root):
    return INCIDENTS, copy_incident(root, RETAKEN, "2015-01-07-apatzingan-curfew")


@case("coding.incident-without-date")
def only_date_claim_deleted(root):
    # the Torres-Mora clash has a single date claim, c18
    delete_lines(root, SHEET, *claim_lines(root, "c18"))
    return coding_line(root, "incidents", "2014-12-rural-defense-force-torres-mora-clash")


@case("coding.missing-text")
def missing_text(root):
    (root / TEXT).unlink()
    number, _ = find_line(root / SHEET, r"^  source_id: ")
    return SHEET, number


# --- quotes and texts ------------------------------------------------------------------------

@case("coding.quote-not-found")
def quote_not_in_text(root):
    return SHEET, edit_line(root, SHEET, r"^    quote: ", "    quote: a sentence no article contains")


@case("coding.quote-ambiguous")
def quote_ambiguous(root):
    return SHEET, edit_line(root, SHEET, r"^    quote: ", "    quote: Viagras")


@case("coding.draft-claim")
def draft_left_unreviewed(root):
    # `autodefensas draft` marks each proposal `draft: true`; nobody deleted the mark
    first, _ = claim_lines(root, "c11")
    insert_after(root / SHEET, first, "    draft: true")
    return SHEET, first + 1


@case("coding.text-hash")
def text_changed_after_coding(root):
    path = root / TEXT
    path.write_text(path.read_text("utf-8") + " An added sentence.", "utf-8")
    return SHEET, find_line(root / SHEET, r"^  text_sha256: ")[0]


@case("coding.text-encoding")
def text_not_utf8(root):
    path = root / TEXT
    path.write_bytes(path.read_bytes().replace(b"Apatzingan", b"Apatzing\xe1n", 1))
    return TEXT, 3


@case("coding.text-bom")
def text_with_bom(root):
    path = root / TEXT
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return TEXT, 1


@case("coding.text-crlf")
def text_with_crlf(root):
    path = root / TEXT
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return TEXT, 1


@case("coding.text-nfc")
def text_in_nfd(root):
    path = root / TEXT
    path.write_bytes(path.read_bytes().replace(b"Apatzingan", unicodedata.normalize("NFD", "Apatzingán").encode(), 1))
    return TEXT, 3


@case("coding.text-control")
def text_with_control_character(root):
    path = root / TEXT
    path.write_bytes(path.read_bytes().replace(b"Later that", b"Later\x07that", 1))
    return TEXT, 5


# --- decided refusals (docs/coding.md, "What verify refuses") --------------------------------

@case("coding.reference-cycle")
def actor_is_its_own_parent(root):
    _, line = find_line(root / ACTORS, r"^  - actor_id: ")
    actor = line.split(":", 1)[1].strip()
    number, _ = find_line(root / ACTORS, r"^    kind: ")
    insert_after(root / ACTORS, number, f"    parent_actor_id: {actor}")
    return ACTORS, number + 1


@case("coding.reference-cycle")
def actors_each_others_parent(root):
    """A -> B -> A: the first actor whose parent is the second, made the second's parent too."""
    child_line, _ = find_line(root / ACTORS, r"^    parent_actor_id: ")
    child = lines_of(root, ACTORS)[:child_line]
    actor = next(line for line in reversed(child) if line.startswith("  - actor_id: ")).split(": ", 1)[1]
    parent = lines_of(root, ACTORS)[child_line - 1].split(": ", 1)[1]
    number, _ = find_line(root / ACTORS, rf"^  - actor_id: {parent}$")
    insert_after(root / ACTORS, number, f"    parent_actor_id: {actor}")
    # the cycle is reported once, at the entry the walk starts from: the first in the file
    return ACTORS, number + 1 if number < child_line else child_line


@case("coding.reference-cycle")
def incident_distinct_from_itself(root):
    number, line = find_line(root / INCIDENTS, r"^  - incident_id: ")
    insert_after(root / INCIDENTS, number, f"    distinct_from: {line.split(':', 1)[1].strip()}")
    return INCIDENTS, number + 1


@case("coding.duplicate-id")
def claim_id_made_by_two_sheets(root):
    """A document named like another's source_id plus a claim-id prefix makes the same claim_id."""
    text = (root / TEXT).read_bytes()
    other = f"{SOURCE_ID}-x"
    (root / f"seeds/{other}.txt").write_bytes(text)
    sheet = (root / SHEET).read_text("utf-8").replace(f"source_id: {SOURCE_ID}", f"source_id: {other}", 1)
    (root / f"seeds/{other}.yaml").write_text(sheet, "utf-8")
    # <source_id>-x's claim c01 and <source_id>'s claim x-c01 both make <source_id>-x-c01; the
    # new sheet sorts first ("-" before "."), so the old one's claim is reported, naming the other
    return SHEET, edit_line(root, SHEET, r"^  - id: c01$", "  - id: x-c01")


@case("coding.date-implausible")
def date_in_1815(root):
    return SHEET, edit_line(root, SHEET, r'^    value_text: "?2015-01-06"?$', '    value_text: "1815-01-06"')


@case("coding.role-kind")
def affiliation_relation_as_an_incident_role(root):
    return SHEET, edit_line(root, SHEET, r"^    role: perpetrator$", "    role: member_of")


@case("coding.not-a-file")
def sheet_that_is_a_directory(root):
    (root / "seeds/zz-notes.yaml").mkdir()
    return "seeds/zz-notes.yaml", None


@case("coding.not-a-file")
def text_that_is_a_symbolic_link(root):
    """Refused even when it points to identical bytes: git keeps only the link."""
    (root / "elsewhere.txt").write_bytes((root / TEXT).read_bytes())
    (root / TEXT).unlink()
    (root / TEXT).symlink_to(root / "elsewhere.txt")
    return TEXT, None


@case("coding.structure")
def mapping_key_that_is_a_list(root):
    lines = lines_of(root, OUTLETS)
    write_lines(root, OUTLETS, [*lines[:-1], "? [a, b]", ": 1", lines[-1]])
    return OUTLETS, len(lines)


@case("coding.structure")
def nesting_thousands_of_levels_deep(root):
    (root / SHEET).write_text("source: " + "[" * 5000 + "]" * 5000 + "\n", "utf-8")
    return SHEET, 1


@case("coding.type")
def impossible_unquoted_date(root):
    return SHEET, edit_line(root, SHEET, r"^  published_date: ", "  published_date: 2015-02-30")


# --- what a date claim's quote says (meaning/dates.py) ---------------------------------------

ANTUNEZ = "seeds/unattributed-2014-01-14-antunez-soldiers-fire-on-crowd.yaml"  # published Tuesday 2014-01-14


@case("coding.date-day-month")
def day_and_month_coded_a_day_early(root):
    # c04 quotes "On the early morning of January 6"
    return SHEET, edit_line(root, SHEET, r'^    value_text: "?2015-01-06"?$', '    value_text: "2015-01-05"')


@case("coding.date-weekday")
def monday_coded_as_the_tuesday_of_publication(root):
    # c01 quotes "sent into Antunez on Monday night": 2014-01-14 is a Tuesday
    return ANTUNEZ, edit_line(root, ANTUNEZ, r'^    value_text: "2014-01-13"$', '    value_text: "2014-01-14"')


@case("coding.date-after-publication")
def relative_weekday_coded_as_a_week_past_publication(root):
    # "on Monday night" coded as ISO week 3 of 2014 (13-19 January), past the publication on the 14th
    return ANTUNEZ, edit_line(root, ANTUNEZ, r'^    value_text: "2014-01-13"$', '    value_text: "2014-W03"')
