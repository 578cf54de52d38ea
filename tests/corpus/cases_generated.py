"""Hand edits of the generated files (data/, datapackage.json, docs/): the drift layer
names the file and row, the contract layer what frictionless would say of it.

Any hand edit of a CSV also changes its size and hash (contract.byte-count and
hash-count) and makes it drift: each case asserts only its own rule."""

import gzip

from conftest import csv_line, edit_cell, find_line, first_row, replace_line

from .base import RETAKEN, SOURCE_ID, case, lines_of, write_lines

# --- drift -----------------------------------------------------------------------------------


@case("drift.missing")
def rules_doc_deleted(root):
    (root / "docs/rules.md").unlink()
    return "docs/rules.md", None


@case("drift.changed")
def generated_codebook_edited(root):
    path = root / "docs/codebook.md"
    path.write_text(path.read_text("utf-8").replace("# Codebook", "# Our codebook", 1), "utf-8")
    return "docs/codebook.md", 1


@case("drift.header")
def csv_column_renamed(root):
    lines = lines_of(root, "data/actors.csv")
    lines[0] = lines[0].replace(",description", ",bio")
    write_lines(root, "data/actors.csv", lines)
    return "data/actors.csv", 1


@case("drift.changed-row")
def hand_edit_of_data(root):
    path = root / "data/incidents.csv"
    number, line = find_line(path, rf"^{RETAKEN},")
    replace_line(path, number, line.replace(",day,", ",month,", 1))
    return "data/incidents.csv", number


@case("drift.changed-row")
def offsets_edited_by_hand(root):
    claim = first_row(root, "claims", lambda row: row["claim_id"] == f"{SOURCE_ID}-c09")
    for column in ("char_start", "char_end"):  # shifted by one: the slice is no longer the quote
        line = edit_cell(root, "claims", claim["claim_id"], column, str(int(claim[column]) + 1))
    return "data/claims.csv", line


@case("drift.extra-row")
def actor_row_added_by_hand(root):
    lines = lines_of(root, "data/actors.csv")
    assert lines[-1] == ""
    lines[-1:] = ["made-up-actor,Made up,person,civilians,,,", ""]
    write_lines(root, "data/actors.csv", lines)
    return "data/actors.csv", len(lines) - 1


@case("drift.missing-row")
def actor_row_deleted_by_hand(root):
    lines = lines_of(root, "data/actors.csv")
    del lines[csv_line(root, "actors", "viagras") - 1]
    write_lines(root, "data/actors.csv", lines)
    return "data/actors.csv", None


# --- contract: the descriptor and the files it lists ----------------------------------------

@case("contract.missing")
def descriptor_with_merge_conflict(root):
    number, line = find_line(root / "datapackage.json", r'^  "version": ')
    lines = lines_of(root, "datapackage.json")
    lines[number - 1:number] = ["<<<<<<< HEAD", line, "=======", line.replace("0.", "9.", 1), ">>>>>>> contribution"]
    write_lines(root, "datapackage.json", lines)
    return "datapackage.json", number


@case("verify.not-run")
def descriptor_deleted(root):
    (root / "datapackage.json").unlink()
    return "datapackage.json", None  # the rules layer cannot run without it


@case("contract.scheme-error")
def csv_deleted(root):
    (root / "data/sources.csv").unlink()
    return "data/sources.csv", None


@case("contract.source-error")
def csv_saved_as_latin1(root):
    path = root / "data/actors.csv"
    path.write_bytes(path.read_text("utf-8").encode("latin-1"))
    return "data/actors.csv", None


@case("contract.source-error")
def csv_replaced_by_a_broken_download(root):
    path = root / "data/actors.csv"
    path.write_bytes(gzip.compress(path.read_bytes())[:100])  # a truncated .csv.gz saved as .csv
    return "data/actors.csv", None


@case("contract.header")
def csv_columns_swapped(root):
    lines = lines_of(root, "data/incidents.csv")
    assert ",date_start,date_end," in lines[0]
    lines[0] = lines[0].replace(",date_start,date_end,", ",date_end,date_start,")
    write_lines(root, "data/incidents.csv", lines)
    return "data/incidents.csv", 1


@case("contract.byte-count")
def csv_checked_out_with_crlf(root):
    path = root / "data/claims.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return "data/claims.csv", None


@case("contract.hash-count")
def csv_edited_to_the_same_size(root):
    n_claims = first_row(root, "incidents", lambda row: row["incident_id"] == RETAKEN)["n_claims"]
    same_width = int(n_claims) + 1 if n_claims[-1] != "9" else int(n_claims) - 1
    edit_cell(root, "incidents", RETAKEN, "n_claims", str(same_width))
    return "data/incidents.csv", None


# --- contract: cells and keys ----------------------------------------------------------------

@case("contract.type-error")
def figure_typed_as_a_word(root):
    return "data/incidents.csv", edit_cell(root, "incidents", RETAKEN, "fatalities_low", "one")


@case("contract.constraint-error")
def claim_type_outside_its_enum(root):
    return "data/claims.csv", edit_cell(root, "claims", f"{SOURCE_ID}-c06", "claim_type", "rumour")


@case("contract.primary-key")
def claims_row_pasted_twice(root):
    number = csv_line(root, "claims", f"{SOURCE_ID}-c09")
    lines = lines_of(root, "data/claims.csv")
    lines.insert(number, lines[number - 1])
    write_lines(root, "data/claims.csv", lines)
    return "data/claims.csv", number + 1


@case("contract.unique-error")
def actor_id_reused_by_hand(root):
    return "data/actors.csv", edit_cell(root, "actors", "viagras", "actor_id", "rural-defense-force")


@case("contract.foreign-key")
def dangling_foreign_key(root):
    return "data/claims.csv", edit_cell(root, "claims", f"{SOURCE_ID}-c06", "actor_id", "no-such-actor")


@case("contract.other", engine="frictionless")
def unquoted_comma_in_a_cell(root):
    """An error type the catalogue has no rule of its own for (frictionless's extra-cell),
    from the reference engine."""
    lines = lines_of(root, "data/actors.csv")
    number = next(i for i, line in enumerate(lines[1:], start=2) if line and '"' not in line)
    lines[number - 1] += ", the rest of a description with a comma"
    write_lines(root, "data/actors.csv", lines)
    return "data/actors.csv", number


@case("drift.extra-file")
def stray_file_in_data(root):
    (root / "data/notes.txt").write_text("a coder's notes\n", "utf-8")
    return "data/notes.txt", None
