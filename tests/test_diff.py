"""`autodefensas diff`: rows added, removed and changed by key, incidents' derived fields with
the claims that moved them, schema changes, the three formats, usage errors.

The contribution (tests/fixtures/contribution, a new article and its registry edits) is
added to a committed copy of the fixture dataset and left uncommitted and untracked, with
three more edits a contributor makes: a corrected figure (text, hash, value and quote), a
removed claim with its withdrawal, and a Spanish description of an actor.
"""

import csv as csvlib
import hashlib
import json
import re
import shutil

import pytest
import yaml
from typer.testing import CliRunner

from autodefensas.cli import app
from autodefensas.contrib.diff import PackageDiff, default_base, diff, format_diff, to_dict
from autodefensas.contrib.diff.shorten import shorten_pair
from autodefensas.versions import VersionError
from conftest import GIT, REPO, copy_dataset, git
from test_contribution import CLASH, EXISTING, NEW, SOURCE_ID, contribute

APATZINGAN = "insightcrime-2015-01-07-apatzingan-shootouts"
C09, C11 = f"{APATZINGAN}-c09", f"{APATZINGAN}-c11"
WHY = "The official toll is superseded by the state prosecutor's later figure."
SPANISH = ("Ejército Mexicano (Secretaría de la Defensa Nacional); se codifica cuando un texto dice "
           "soldados, una patrulla militar o el ejército — «los militares», según los comunitarios.")


def correct_figure(root):
    """The text said seven; the outlet corrected it to eight: text, hash, value and quote."""
    text = root / "seeds" / f"{APATZINGAN}.txt"
    text.write_text(text.read_text("utf-8").replace("at least seven were", "at least eight were"), "utf-8")
    sheet = root / "seeds" / f"{APATZINGAN}.yaml"
    s = sheet.read_text("utf-8")
    old_hash = re.search(r"text_sha256: (\w+)", s).group(1)
    s = s.replace(old_hash, hashlib.sha256(text.read_bytes()).hexdigest())
    s = s.replace("    value: 7\n    value_qualifier: at_least\n", "    value: 8\n    value_qualifier: at_least\n")
    s = s.replace("at least seven were killed", "at least eight were killed")
    sheet.write_text(s, "utf-8")


def remove_claim(root):
    """c09 (officially one dead) taken out of its sheet, with a withdrawal that says why."""
    sheet = root / "seeds" / f"{APATZINGAN}.yaml"
    s = sheet.read_text("utf-8")
    start = s.index("  - id: c09\n")
    end = s.index("  - id: c10\n")
    sheet.write_text(s[:start] + s[end:], "utf-8")
    (root / "seeds" / "registry" / "withdrawn.yaml").write_text(
        f"withdrawn:\n  - table: claims\n    id: {C09}\n    reason: {WHY}\n", "utf-8")


def spanish_description(root):
    actors = root / "seeds" / "registry" / "actors.yaml"
    s = actors.read_text("utf-8")
    old = ("Mexican Army (Secretaría de la Defensa Nacional); coded wherever a text says soldiers, "
           "a military patrol or the army.")
    assert s.count(old) == 1
    actors.write_text(s.replace(old, SPANISH), "utf-8")


@pytest.fixture(scope="module")
def changed(built, tmp_path_factory):
    """A committed checkout on main, then the contribution and the edits, not committed."""
    if GIT is None:
        pytest.skip("git is not installed")
    root = copy_dataset(tmp_path_factory.mktemp("diff") / "dataset", built)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "baseline")
    contribute(root)
    correct_figure(root)
    remove_claim(root)
    spanish_description(root)
    return root


@pytest.fixture(scope="module")
def result(changed) -> PackageDiff:
    return diff(None, None, changed)  # main against the checkout, built in memory


def fields(change):
    return {f.field: (f.old, f.new) for f in change.fields}


def changed_row(result, table, key):
    return next(c for c in result.tables[table].changed if c.key == key)


def test_rows_added_removed_and_changed_by_key(result):
    claims = result.tables["claims"]
    assert set(claims.added) == {k for k in claims.added if k.startswith(SOURCE_ID)} and len(claims.added) >= 5
    assert list(claims.removed) == [C09] and claims.withdrawals == {C09: WHY}
    c11 = fields(changed_row(result, "claims", C11))
    assert c11["value_low"] == ("7", "8")
    assert c11["quote"] == ("locals said at least seven were killed in the gun battle",
                            "locals said at least eight were killed in the gun battle")
    assert set(c11) == {"value_low", "quote"}  # offsets kept: same length
    assert list(result.tables["sources"].added) == [SOURCE_ID]
    assert set(fields(changed_row(result, "sources", APATZINGAN))) == {"text_sha256"}
    assert list(result.tables["incidents"].added) == [NEW]
    clash = fields(changed_row(result, "incidents", CLASH))
    assert clash["municipality"] == ("", "Buenavista") and clash["locality"] == ("", "La Ruana")
    assert result.tables["actors"].counts() == {"added": 2, "removed": 0, "changed": 2}
    # precision: a claim nobody touched is in no list
    untouched = f"{APATZINGAN}-c10"
    assert all(untouched not in (*t.added, *t.removed, *(c.key for c in t.changed)) for t in result.tables.values())


def test_incident_derived_changes_with_the_claims_that_caused_them(result):
    by_id = {i.incident_id: i for i in result.incidents}
    retaken = by_id[EXISTING]
    moved = fields(retaken)
    assert moved["fatalities_low"] == ("1", "2") and moved["fatalities_high"] == ("7", "8")
    assert moved["n_sources"][0] != moved["n_sources"][1]
    causes = {c.claim_id: c for c in retaken.claims}
    assert causes[C09].change == "removed" and causes[C09].withdrawal == WHY
    assert causes[C09].claim_type == "fatalities" and causes[C09].value == "1 (exact)"
    assert causes[C11].change == "changed" and causes[C11].fields == ("value_low", "quote")
    assert causes[C11].value == "8 (at_least)"
    added = [c for c in retaken.claims if c.change == "added"]
    assert added and all(c.claim_id.startswith(SOURCE_ID) for c in added)
    # only this incident's claims, and the summary (not derived) is no derived change
    assert all(c.claim_id.startswith((SOURCE_ID, APATZINGAN)) for c in retaken.claims)
    assert "summary" not in moved and "title" not in moved
    assert NEW not in by_id  # a new incident is an added row, not a moved one
    clash = fields(by_id[CLASH])
    assert clash["geo_precision"] == ("state", "locality")
    assert {c.change for c in by_id[CLASH].claims} == {"added"}
    assert result.figures_changed() == [EXISTING]  # the clash moved in time and place, not in figures


def test_new_documents_actors_and_outlets_by_name(result):
    assert [(n.id, n.name) for n in result.new_documents] == [
        (SOURCE_ID, "Gunmen kill at least three at Rural Defense Force checkpoint in Nueva Italia, 2015-01-20")]
    assert {n.name for n in result.new_actors} == {"Gunmen who attacked the Nueva Italia checkpoint (January 2015)",
                                                   "Michoacán state prosecutor's office"}
    assert result.new_outlets == []


def test_spanish_text_cells_stay_intact(result):
    army = next(c for c in result.tables["actors"].changed if fields(c).get("description", ("", ""))[1] == SPANISH)
    data = json.loads(format_diff(result, "json"))
    cells = [f["new"] for c in data["tables"]["actors"]["changed"] for f in c["fields"]]
    assert SPANISH in cells and army.key
    text = format_diff(result, "text")
    assert "Secretaría" in text and "«los militares»" in text and "según los comunitarios" in text


def test_long_cells_show_the_changed_words_in_context(result):
    text = format_diff(result, "text")
    summary_line = next(line for line in text.splitlines() if line.strip().startswith("summary:")
                        and "La Ruana" in line)
    old, new = summary_line.split(": ", 1)[1].split(" -> ")
    assert "…" in old + new and "gunfight" in new and "in La Ruana (Buenavista)" in new
    assert len(summary_line) < 400


def test_shorten_pair_keeps_words_whole_in_spanish():
    old = ("Comunitarios de la Policía Comunitaria retuvieron a doce policías estatales en la cabecera "
           "municipal durante dos días y los liberaron tras negociar con el gobierno del estado.")
    a, b = shorten_pair(old, old.replace("doce", "trece"))
    assert a == "…Policía Comunitaria retuvieron a doce policías estatales en la…"
    assert b == "…Policía Comunitaria retuvieron a trece policías estatales en la…"
    assert shorten_pair("corto", "breve") == ("corto", "breve")


def test_identical_versions_say_no_changes(repo):
    same = diff("main", None, repo)
    assert same.identical and same.incidents == [] and same.schema == []
    done = CliRunner().invoke(app, ["diff", "--root", str(repo)])
    assert done.exit_code == 0 and done.output.strip().endswith("no changes")
    md = CliRunner().invoke(app, ["diff", "main", "HEAD", "--format", "markdown", "--root", str(repo)])
    assert md.exit_code == 0 and "No changes." in md.output


def test_a_diff_with_changes_exits_0_in_every_format(changed):
    for fmt in ("text", "markdown", "json"):
        done = CliRunner().invoke(app, ["diff", "main", "--format", fmt, "--root", str(changed)])
        assert done.exit_code == 0, done.output
        assert C11 in done.output


def test_json_has_the_documented_shape(result):
    data = json.loads(format_diff(result, "json"))
    assert set(data) == {"base", "head", "identical", "counts", "schema", "tables", "incidents", "new"}
    assert data["identical"] is False and data["base"].startswith("main (")
    assert data["counts"]["claims"] == result.tables["claims"].counts()
    claims = data["tables"]["claims"]
    assert claims["primary_key"] == ["claim_id"]
    assert claims["removed"] == [{"key": C09, "row": result.tables["claims"].removed[C09], "withdrawal": WHY}]
    c11 = next(c for c in claims["changed"] if c["key"] == C11)
    assert {"field": "value_low", "old": "7", "new": "8"} in c11["fields"]
    incident = next(i for i in data["incidents"] if i["incident_id"] == EXISTING)
    assert {"field": "fatalities_low", "old": "1", "new": "2"} in incident["fields"]
    assert set(incident["claims"][0]) == {"claim_id", "change", "claim_type", "value", "fields", "withdrawal"}
    assert set(data["new"]) == {"documents", "actors", "outlets"}
    assert data == to_dict(result)


def md_cells(line):
    """A markdown table row split on its unescaped pipes."""
    return re.split(r"(?<!\\)\|", line.strip())[1:-1]


def test_markdown_renders_tables_with_escaped_pipes(built, tmp_path):
    base = shutil.copytree(built, tmp_path / "base", ignore=shutil.ignore_patterns("seeds"))
    head = shutil.copytree(built, tmp_path / "head", ignore=shutil.ignore_patterns("seeds"))
    actors = head / "data" / "actors.csv"
    text = actors.read_text("utf-8")
    actors.write_text(text.replace("Federal interior ministry.", "Federal interior ministry | Gobernación."), "utf-8")
    out = format_diff(diff(base, head, tmp_path), "markdown")
    assert "Federal interior ministry \\| Gobernación." in out
    rows = [line for line in out.splitlines() if line.startswith("|")]
    header = next(i for i, line in enumerate(rows) if line.startswith("| | key |"))
    assert all(len(md_cells(line)) == 5 for line in rows[header:])
    assert "| actors | 0 | 0 | 1 |" in out


def test_markdown_lists_incidents_and_their_claims(result):
    out = format_diff(result, "markdown")
    assert f"**{EXISTING}**" in out and "| fatalities_low | 1 | 2 |" in out
    assert f"- removed: {C09}: fatalities 1 (exact) (withdrawn: " in out and "- - " not in out


def edit_schema(folder, table, change):
    """Change a package folder's Table Schema where a reader finds it: inline in its
    descriptor (and in schemas/, which a release ships too)."""
    descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
    change(next(r for r in descriptor["resources"] if r["name"] == table)["schema"])
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), "utf-8")
    schema = json.loads((folder / "schemas" / f"{table}.json").read_text("utf-8"))
    change(schema)
    (folder / "schemas" / f"{table}.json").write_text(json.dumps(schema, ensure_ascii=False), "utf-8")


def test_package_folders_and_schema_changes(built, tmp_path):
    base = shutil.copytree(built, tmp_path / "base", ignore=shutil.ignore_patterns("seeds"))
    head = shutil.copytree(built, tmp_path / "head", ignore=shutil.ignore_patterns("seeds"))
    def claims(schema):
        by_name = {f["name"]: f for f in schema["fields"]}
        by_name["value_qualifier"]["constraints"]["enum"].remove("unspecified")
        by_name["claim_type"]["constraints"]["enum"].append("injured_officers")
        by_name["char_start"]["type"] = "number"

    edit_schema(head, "claims", claims)
    # incidents: summary renamed to description (header and schema), values kept
    edit_schema(head, "incidents",
                lambda schema: next(f for f in schema["fields"] if f["name"] == "summary").update(name="description"))
    csv_path = head / "data" / "incidents.csv"
    lines = csv_path.read_text("utf-8").split("\n", 1)
    csv_path.write_text(lines[0].replace(",summary", ",description") + "\n" + lines[1], "utf-8")
    result = diff(base, head / "datapackage.json", tmp_path)  # a folder and a descriptor path
    kinds = {(c.table, c.kind, c.field, c.old, c.new, c.breaking) for c in result.schema}
    assert kinds == {("claims", "enum_value_removed", "value_qualifier", "unspecified", None, True),
                     ("claims", "enum_value_added", "claim_type", None, "injured_officers", False),
                     ("claims", "type_changed", "char_start", "integer", "number", True),
                     ("incidents", "field_renamed", "description", "summary", "description", True)}
    assert all(t.empty for t in result.tables.values())  # the rename moves no row
    assert not result.identical and str(base) in result.base
    text = format_diff(result, "text")
    assert "incidents: field summary renamed to description (breaking)" in text


def test_a_removed_and_an_added_field(built, tmp_path):
    base = shutil.copytree(built, tmp_path / "base", ignore=shutil.ignore_patterns("seeds"))
    head = shutil.copytree(built, tmp_path / "head", ignore=shutil.ignore_patterns("seeds"))
    edit_schema(head, "sources", lambda schema: schema.update(fields=[f for f in schema["fields"]
                                                                      if f["name"] != "note"]))
    csv_path = head / "data" / "sources.csv"
    with open(csv_path, encoding="utf-8", newline="") as f:
        rows = list(csvlib.DictReader(f))
    with open(csv_path, "w", encoding="utf-8", newline="") as f:
        writer = csvlib.DictWriter(f, [k for k in rows[0] if k != "note"], lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    result = diff(base, head, tmp_path)
    assert [(c.kind, c.field, c.breaking) for c in result.schema] == [("field_removed", "note", True)]
    assert result.tables["sources"].empty


def test_base_defaults_to_main_then_origin_main(repo):
    assert default_base(repo) == "main"
    git(repo, "branch", "-m", "main", "trunk")
    with pytest.raises(VersionError, match="pass BASE"):
        default_base(repo)
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    assert default_base(repo) == "origin/main"
    assert diff(None, None, repo).identical


@pytest.mark.parametrize("args, words", [
    (["diff", "--format", "html"], "unknown format 'html'"),
    (["diff", "no-such-ref"], "neither a folder"),
    (["diff", "main", "no-such-ref"], "neither a folder"),
])
def test_usage_errors_exit_2_with_why(repo, args, words):
    done = CliRunner().invoke(app, [*args, "--root", str(repo)])
    assert done.exit_code == 2 and words in done.output
    assert "Traceback" not in done.output


def test_without_main_the_cli_says_to_pass_base(repo):
    git(repo, "branch", "-m", "main", "trunk")
    done = CliRunner().invoke(app, ["diff", "--root", str(repo)])
    assert done.exit_code == 2 and "pass BASE" in done.output


def test_a_checkout_that_does_not_build_or_is_none_is_a_usage_error(repo, tmp_path):
    sheet = repo / "seeds" / f"{APATZINGAN}.yaml"
    sheet.write_text(sheet.read_text("utf-8").replace("claim_type: fatalities", "claim_type: fatalitiez", 1), "utf-8")
    done = CliRunner().invoke(app, ["diff", "--root", str(repo)])
    assert done.exit_code == 2 and "does not build" in done.output and f"{APATZINGAN}.yaml" in done.output
    done = CliRunner().invoke(app, ["diff", "--root", str(tmp_path / "nowhere")])
    assert done.exit_code == 2 and "is not an autodefensas checkout" in done.output


def test_outside_git_a_ref_is_a_usage_error(dataset):
    done = CliRunner().invoke(app, ["diff", "main", "--root", str(dataset)])
    assert done.exit_code == 2 and "is not a git checkout" in done.output


def test_ci_writes_the_markdown_diff_to_a_pull_requests_summary():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "verify.yml").read_text("utf-8"))
    steps = workflow["jobs"]["verify"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the base branch must be there to compare with
    step = next(s for s in steps if "autodefensas diff" in s.get("run", ""))
    assert "pull_request" in step["if"] and step["env"]["BASE"] == "origin/${{ github.base_ref }}"
    assert step["run"] == 'autodefensas diff "$BASE" --format markdown >> "$GITHUB_STEP_SUMMARY"'
    assert "continue-on-error" not in step  # a diff with changes exits 0 (tested above)
