"""Release notes: the changelog's Unreleased section plus a data summary from the diff, and the
changelog rewritten with the section moved under the version and its date."""

import copy
from datetime import date

import pytest

from autodefensas.contrib.diff import diff_versions
from autodefensas.release.notes import (
    ChangelogError,
    data_summary,
    notes_of,
    release_notes,
    released,
    rewrite,
    unreleased,
)
from autodefensas.versions import Version

CHANGELOG = """# Changelog

Each release says what changed.

## Unreleased

Two corrections; users need not act.

- Data: the Los Olivos clash left three dead, not two (the outlet corrected itself).
- Datos: la fecha del enfrentamiento en El Ciruelo es el 14 de marzo, no el 15.

## 0.1.0 — 2026-11-30

First release.

### Data

First release:

- claims: 2 rows
"""


def test_the_unreleased_section_is_read_without_its_heading():
    said = unreleased(CHANGELOG)
    assert said.startswith("Two corrections; users need not act.")
    assert said.endswith("no el 15.")
    assert "0.1.0" not in said


def test_no_unreleased_section_says_what_to_add():
    with pytest.raises(ChangelogError, match=r'no "## Unreleased" section: add one'):
        unreleased("# Changelog\n\n## 0.1.0 — 2026-11-30\n\nFirst.\n")


def test_two_unreleased_sections_are_refused_with_the_line():
    with pytest.raises(ChangelogError, match=r"CHANGELOG.md:5: a second"):
        unreleased("# C\n\n## Unreleased\n\n## Unreleased\n\nx\n")


def test_released_finds_a_dated_heading_only():
    assert released(CHANGELOG, "0.1.0") == "## 0.1.0 — 2026-11-30"
    assert released(CHANGELOG, "0.2.0") is None
    # an old undated heading is no release
    assert released("## 0.1.0 — unreleased\n\nx\n", "0.1.0") is None
    assert released("## 0.1.0 - 2026-11-30\n", "0.1.0") == "## 0.1.0 - 2026-11-30"


def test_notes_of_a_release_are_its_section():
    assert notes_of(CHANGELOG, "0.1.0") == "First release.\n\n### Data\n\nFirst release:\n\n- claims: 2 rows"
    with pytest.raises(ChangelogError, match=r'no section "## 0.3.0 — YYYY-MM-DD"'):
        notes_of(CHANGELOG, "0.3.0")


def test_rewrite_moves_unreleased_under_the_version_and_leaves_a_fresh_one():
    notes = release_notes(unreleased(CHANGELOG), "### Data\n\nSince 0.1.0:\n\n- claims: 0 added, 0 removed, 1 changed")
    out = rewrite(CHANGELOG, "0.1.1", date(2026, 12, 1), notes)
    assert out.startswith("# Changelog\n\nEach release says what changed.\n\n## Unreleased\n\n## 0.1.1 — 2026-12-01\n\n"
                          "Two corrections; users need not act.\n")
    assert unreleased(out) == ""
    assert notes_of(out, "0.1.1") == notes.strip()
    assert "no el 15.\n\n### Data\n\nSince 0.1.0:" in out
    assert out.endswith("\n## 0.1.0 — 2026-11-30\n\nFirst release.\n\n### Data\n\nFirst release:\n\n- claims: 2 rows\n")
    # the older release is untouched
    assert notes_of(out, "0.1.0") == notes_of(CHANGELOG, "0.1.0")


def test_rewrite_of_the_last_section_and_a_twice_released_version():
    text = "# Changelog\n\n## Unreleased\n\n- Herramientas: nuevo comando.\n"
    out = rewrite(text, "0.1.0", date(2026, 12, 1), "- Herramientas: nuevo comando.\n")
    assert out == "# Changelog\n\n## Unreleased\n\n## 0.1.0 — 2026-12-01\n\n- Herramientas: nuevo comando.\n"
    with pytest.raises(ChangelogError, match=r"already has a section for 0\.1\.0"):
        rewrite(out, "0.1.0", date(2026, 12, 2), "x")


def test_notes_are_the_changelog_text_then_the_data_summary():
    assert release_notes("- Toolkit: x.\n", "### Data\n\n- y") == "- Toolkit: x.\n\n### Data\n\n- y\n"
    assert release_notes("", "### Data\n\n- y") == "### Data\n\n- y\n"  # a data-only release


def test_first_release_summary_counts_rows_per_table():
    said = data_summary(None, rows={"sources": 1, "claims": 12})
    assert said == "### Data\n\nFirst release:\n\n- sources: 1 row\n- claims: 12 rows"


SOURCES = {"fields": [{"name": "source_id"}, {"name": "role"}, {"name": "publisher"}, {"name": "title"},
                      {"name": "published_date"}], "primaryKey": ["source_id"]}
ACTORS = {"fields": [{"name": "actor_id"}, {"name": "name"}], "primaryKey": ["actor_id"]}
INCIDENTS = {"fields": [{"name": "incident_id"}, {"name": "fatalities_low"}, {"name": "fatalities_high"},
                        {"name": "summary"}], "primaryKey": ["incident_id"]}
CLAIMS = {"fields": [{"name": "claim_id"}, {"name": "incident_id"}, {"name": "claim_type"}, {"name": "value_low"},
                     {"name": "value_qualifier"}], "primaryKey": ["claim_id"]}
BASE = {
    "sources": [{"source_id": "valle-herald-2016-03-14", "role": "document", "publisher": "Valle Herald",
                 "title": "Roadblock attack near El Ciruelo", "published_date": "2016-03-14"}],
    "actors": [{"actor_id": "locals", "name": "Locals"}],
    "incidents": [{"incident_id": "2016-03-13-el-ciruelo", "fatalities_low": "2", "fatalities_high": "2",
                   "summary": "Gunmen attacked a roadblock."}],
    "claims": [{"claim_id": "valle-herald-2016-03-14-c01", "incident_id": "2016-03-13-el-ciruelo",
                "claim_type": "fatalities", "value_low": "2", "value_qualifier": "exact"},
               {"claim_id": "valle-herald-2016-03-14-c02", "incident_id": "2016-03-13-el-ciruelo",
                "claim_type": "occurred", "value_low": "", "value_qualifier": ""}],
}
SCHEMAS = {"sources": SOURCES, "actors": ACTORS, "incidents": INCIDENTS, "claims": CLAIMS}


def test_summary_from_the_diff_counts_rows_figures_and_new_names():
    head = copy.deepcopy(BASE)
    head["sources"].append({"source_id": "diario-balsas-2016-03-15", "role": "document", "publisher": "Diario del Balsas",
                            "title": "Enfrentamiento en Los Olivos", "published_date": "2016-03-15"})
    head["sources"].append({"source_id": "la-voz", "role": "cited_outlet", "publisher": "La Voz",
                            "title": "", "published_date": ""})
    head["actors"].append({"actor_id": "comunitarios", "name": "Comunitarios de Los Olivos"})
    head["incidents"][0].update(fatalities_high="3", summary="Gunmen attacked a roadblock; three died.")
    head["claims"].append({"claim_id": "diario-balsas-2016-03-15-c01", "incident_id": "2016-03-13-el-ciruelo",
                           "claim_type": "fatalities", "value_low": "3", "value_qualifier": "exact"})
    del head["claims"][1]
    changes = diff_versions(Version("v0.1.0", copy.deepcopy(BASE), SCHEMAS), Version("HEAD", head, SCHEMAS),
                            {("claims", "valle-herald-2016-03-14-c02"): "a duplicate"})
    said = data_summary(changes, since="0.1.0", version="0.2.0")
    assert said.split("\n") == [
        "### Data", "", "Since 0.1.0:", "",
        "- sources: 2 added, 0 removed, 0 changed",
        "- actors: 1 added, 0 removed, 0 changed",
        "- incidents: 0 added, 0 removed, 1 changed",
        "- claims: 1 added, 1 removed, 0 changed (1 withdrawn)",
        "- Incidents whose derived fields changed (old -> new), and the claims that moved them:",
        "  - `2016-03-13-el-ciruelo`: fatalities_high 2 -> 3; moved by `diario-balsas-2016-03-15-c01` (added); "
        "`valle-herald-2016-03-14-c02` (withdrawn: a duplicate)",
        "- Withdrawn from claims: `valle-herald-2016-03-14-c02`: a duplicate",
        "- Changed in incidents: `2016-03-13-el-ciruelo` (summary)",
        "- New documents: Enfrentamiento en Los Olivos, 2016-03-15 (`diario-balsas-2016-03-15`)",
        "- New actors: Comunitarios de Los Olivos (`comunitarios`)",
        "- New outlets: La Voz (`la-voz`)",
    ]


def test_summary_of_identical_tables_says_unchanged_and_lists_schema_changes():
    schemas = copy.deepcopy(SCHEMAS)
    schemas["claims"]["fields"].append({"name": "hedged", "type": "boolean"})
    head = copy.deepcopy(BASE)
    for row in head["claims"]:
        row["hedged"] = "false"
    said = data_summary(diff_versions(Version("a", copy.deepcopy(BASE), SCHEMAS), Version("b", head, schemas)),
                        since="0.1.0", version="0.2.0")
    assert "- sources: unchanged" in said and "- claims: unchanged" in said
    assert "- Schema: claims: field hedged added (boolean)" in said


def test_long_lists_are_cut_and_say_where_to_see_all():
    head = copy.deepcopy(BASE)
    head["actors"] += [{"actor_id": f"a{i:02d}", "name": f"Grupo {i}"} for i in range(25)]
    said = data_summary(diff_versions(Version("a", copy.deepcopy(BASE), SCHEMAS), Version("b", head, SCHEMAS)),
                        since="0.1.0", version="0.2.0")
    line = next(x for x in said.split("\n") if x.startswith("- New actors"))
    assert line.count("Grupo ") == 20
    assert line.endswith("; and 5 more (`autodefensas diff v0.1.0 v0.2.0` lists them all)")


def test_an_incident_moved_by_the_registry_says_so_and_figures_come_first():
    schemas = copy.deepcopy(SCHEMAS)
    schemas["incidents"]["fields"].insert(1, {"name": "locality"})
    base = copy.deepcopy(BASE)
    base["incidents"].append({"incident_id": "2016-03-01-los-olivos", "locality": "", "fatalities_low": "",
                              "fatalities_high": "", "summary": "A march."})
    for row in base["incidents"][:1]:
        row["locality"] = "El Ciruelo"
    head = copy.deepcopy(base)
    head["incidents"][1]["locality"] = "Los Olivos"
    head["incidents"][0]["fatalities_low"] = "1"
    said = data_summary(diff_versions(Version("a", copy.deepcopy(base), schemas), Version("b", head, schemas)),
                        since="0.1.0", version="0.2.0").split("\n")
    start = said.index("- Incidents whose derived fields changed (old -> new), and the claims that moved them:")
    assert said[start + 1:start + 3] == [
        "  - `2016-03-13-el-ciruelo`: fatalities_low 2 -> 1; from the incident registry",
        "  - `2016-03-01-los-olivos`: locality (empty) -> Los Olivos; from the incident registry",
    ]
