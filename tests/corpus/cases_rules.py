"""Rules layer: what a Table Schema cannot say.

Some break the coding validly for the coding layer and are rebuilt, as a contributor
would, so that only the rules catch them; the rest are hand edits of data/ that a
fresh build would never write. Either way the problem is reported at the coding sheet
or registry line that made the row (coding_line)."""

from conftest import edit_cell, replace_line

from .base import (
    INCIDENTS,
    RETAKEN,
    SHEET,
    SOURCE_ID,
    TEXT,
    append_lines,
    case,
    claim_start,
    coding_line,
    copy_incident,
    edit_line,
    item_lines,
    key_line,
    lines_of,
    write_lines,
)

TORRES_SURRENDERS = "2014-12-luis-antonio-torres-surrenders"
DATE_CLAIM = f"{SOURCE_ID}-c04"        # "2015-01-06", quote "On the early morning of January 6"
FATALITIES_CLAIM = f"{SOURCE_ID}-c09"  # exact 1, cited to El Universal


# --- rebuilt: the coding layer passes, the rules do not --------------------------------------

@case("rules.after-publication", rebuild=True)
def date_after_publication(root):
    # c13 ("Later that morning, ...") names no day: a date that names one would not pass the coding layer
    number = key_line(root, "c13", "value_text")
    replace_line(root / SHEET, number, '    value_text: "2015-02-06"')
    return SHEET, claim_start(root, SHEET, number)


@case("rules.municipality-state", rebuild=True)
def municipality_not_in_state(root):
    # Apatzingán (16006: its name and code agree) on an incident moved to Guerrero, which no
    # location claim places: the coding's place checks have nothing to say, the rules layer does
    first, last = item_lines(root, INCIDENTS, r"^  - incident_id: 2015-01-06-apatzingan-protesters-security-forces-clash$")
    lines = lines_of(root, INCIDENTS)
    number = next(n for n in range(first, last + 1) if lines[n - 1] == "    state_code: MX-MIC")
    lines[number - 1] = "    state_code: MX-GRO"
    write_lines(root, INCIDENTS, lines)
    return INCIDENTS, first


@case("rules.coordinates", rebuild=True)
def latitude_without_longitude(root):
    number = edit_line(root, INCIDENTS, r"^    latitude: null", "    latitude: 19.08")
    return INCIDENTS, claim_start(root, INCIDENTS, number)


@case("rules.geo-precision", rebuild=True)
def precision_without_place(root):
    number = edit_line(root, INCIDENTS, r"^    geo_precision: state", "    geo_precision: locality")
    return INCIDENTS, claim_start(root, INCIDENTS, number)


@case("rules.parent-cycle")
def actors_made_each_others_parent_by_hand(root):
    """Two actors each other's parent in data/actors.csv (the coding refuses it in seeds/:
    coding.reference-cycle); reported at the registry entry of the actor the cycle is found at."""
    import csv
    import io
    rows = list(csv.reader(io.StringIO((root / "data/actors.csv").read_text("utf-8"))))
    first, second = rows[1][0], rows[2][0]
    edit_cell(root, "actors", first, "parent_actor_id", second)
    edit_cell(root, "actors", second, "parent_actor_id", first)
    return coding_line(root, "actors", first)


# --- hand edits of an incident's derived columns ---------------------------------------------

@case("rules.fatalities-order")
def best_estimate_above_high(root):
    edit_cell(root, "incidents", RETAKEN, "fatalities_best", "9")
    return coding_line(root, "incidents", RETAKEN)


@case("rules.fatalities-complete")
def fatalities_half_cleared(root):
    edit_cell(root, "incidents", RETAKEN, "fatalities_high_open", "")
    return coding_line(root, "incidents", RETAKEN)


@case("rules.date-order")
def incident_ends_before_it_starts(root):
    edit_cell(root, "incidents", RETAKEN, "date_end", "2014-01-01")
    return coding_line(root, "incidents", RETAKEN)


@case("rules.incident-counts")
def claim_count_edited(root):
    edit_cell(root, "incidents", RETAKEN, "n_claims", "99")
    return coding_line(root, "incidents", RETAKEN)


@case("rules.incident-claims")
def incident_claims_deleted(root):
    path = root / "data/claims.csv"
    lines = path.read_text("utf-8").split("\n")
    path.write_text("\n".join(line for line in lines if f",{TORRES_SURRENDERS}," not in line), "utf-8")
    return coding_line(root, "incidents", TORRES_SURRENDERS)


# --- hand edits of a claim -------------------------------------------------------------------

@case("rules.value-order")
def figure_low_above_high(root):
    edit_cell(root, "claims", FATALITIES_CLAIM, "value_high", "0")
    return coding_line(root, "claims", FATALITIES_CLAIM)


@case("rules.qualifier-values")
def qualifier_edited(root):
    edit_cell(root, "claims", FATALITIES_CLAIM, "value_qualifier", "range")  # low = high: not a range
    return coding_line(root, "claims", FATALITIES_CLAIM)


@case("rules.claim-target")
def claim_about_an_incident_and_an_actor(root):
    edit_cell(root, "claims", DATE_CLAIM, "subject_actor_id", "viagras")
    return coding_line(root, "claims", DATE_CLAIM)


@case("rules.offsets")
def claim_end_offset_edited(root):
    edit_cell(root, "claims", DATE_CLAIM, "char_end", "1")
    return coding_line(root, "claims", DATE_CLAIM)


@case("rules.quote-slice")
def quote_retyped(root):
    # same length, so the offsets still span it: only the slice tells
    edit_cell(root, "claims", DATE_CLAIM, "quote", "On the early morning of January 7")
    return coding_line(root, "claims", DATE_CLAIM)


@case("rules.date-value")
def date_value_typed_as_words(root):
    edit_cell(root, "claims", DATE_CLAIM, "value_text", "January")
    return coding_line(root, "claims", DATE_CLAIM)


@case("rules.source-role")
def document_cited_as_an_outlet(root):
    edit_cell(root, "claims", FATALITIES_CLAIM, "cited_source_id", SOURCE_ID)
    return coding_line(root, "claims", FATALITIES_CLAIM)


@case("rules.likely-duplicate", rebuild=True)
def incident_coded_twice(root):
    """The retaking of Apatzingán's town hall registered again, under another ID, by a
    contributor coding a second article about it (no distinct_from): reported once, at the
    copy (the later registry entry)."""
    twin = "2015-01-06-apatzingan-mayors-office-retaken"
    line = copy_incident(root, RETAKEN, twin)
    append_lines(root, SHEET, ["  - id: c32", f"    incident_id: {twin}", "    claim_type: date",
                               '    value_text: "2015-01-06"', "    hedged: false",
                               "    quote: On the early morning of January 6"])
    return INCIDENTS, line


# --- hand edits of a source, and its text ----------------------------------------------------

@case("rules.source-fields")
def outlet_given_a_text_length(root):
    edit_cell(root, "sources", "el-universal", "text_chars", "12")
    return coding_line(root, "sources", "el-universal")


@case("rules.text-chars")
def text_length_edited(root):
    edit_cell(root, "sources", SOURCE_ID, "text_chars", "5")
    return coding_line(root, "sources", SOURCE_ID)


@case("rules.text-hash")
def text_hash_edited(root):
    edit_cell(root, "sources", SOURCE_ID, "text_sha256", "0" * 64)
    return coding_line(root, "sources", SOURCE_ID)


@case("rules.text-missing")
def text_deleted_after_the_build(root):
    (root / TEXT).unlink()
    return coding_line(root, "sources", SOURCE_ID)
