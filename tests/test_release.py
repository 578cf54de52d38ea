"""`autodefensas release` on a git checkout of the fixture dataset: the refusals, a dry run, a
first release (commit, tag, archive, +dev commit) and second releases after data edits.

verify is what makes a release slow: the real one runs for the dry run, the first release,
"nothing to release" and the failing-verify refusal; the tests of the bump after an edit
and of the undo replace it with a clean report, since they test what comes after it.
"""

import csv
import json
import os
import shutil
import zipfile
from datetime import date

import pytest
from typer.testing import CliRunner

from autodefensas import build
from autodefensas.cli import app
from autodefensas.release import run as release_run
from autodefensas.release.bump import BumpError
from autodefensas.release.gitrepo import ReleaseError
from autodefensas.release.metadata import set_development
from autodefensas.release.notes import notes_of
from autodefensas.release.run import VerifyFailed, plan_release, release
from autodefensas.report import Report
from conftest import GIT, REPO, SHEET, copy_dataset, edit_cell, find_line, first_row, git, replace_line, snapshot
from test_contribution import SOURCE_ID, contribute

DAY = date(2026, 12, 1)
CHANGELOG = """# Changelog

What changed in the package, the data and the documentation, release by release.

## Unreleased

First release: the fixture's articles. Users need not act.

- Data: five articles coded into incidents and claims with their quotes.
- Datos: cinco artículos codificados en incidentes y afirmaciones con sus citas.
"""


def run_cli(root, *args):
    return CliRunner().invoke(app, ["release", *args, "--root", str(root)])


def files(root):
    """Every file but git's own and the build's lock (bookkeeping, ignored by git)."""
    return {k: v for k, v in snapshot(root).items() if not k.startswith(".git/") and k != ".autodefensas.lock"}


def log(root, n=3):
    return git(root, "log", f"-{n}", "--format=%s").split("\n")[:n]


def commit_all(root, message):
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


@pytest.fixture(scope="module")
def fresh(built, tmp_path_factory):
    """A clone-like checkout on main: the fixture dataset, a changelog, the repository's
    .gitignore, a git identity of its own; no release yet."""
    if GIT is None:
        pytest.skip("git is not installed")
    root = copy_dataset(tmp_path_factory.mktemp("release") / "repo", built)
    # the fixture takes the repository's schemas, whose version moves with each real release:
    # these tests release a checkout that declares 0.1.0, whatever the repository declares
    set_development(root, "0.1.0")
    assert build(root).ok
    (root / "CHANGELOG.md").write_text(CHANGELOG, "utf-8")
    shutil.copy2(REPO / ".gitignore", root / ".gitignore")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Release Tester")
    git(root, "config", "user.email", "releases@example.org")
    commit_all(root, "baseline")
    return root


@pytest.fixture
def copy_of(tmp_path):
    def make(template):
        return shutil.copytree(template, tmp_path / "repo", symlinks=True)
    return make


@pytest.fixture(scope="module")
def released(fresh, tmp_path_factory):
    """fresh after its first release (0.1.0, dated DAY), made by the CLI with the real verify."""
    root = shutil.copytree(fresh, tmp_path_factory.mktemp("released") / "repo", symlinks=True)
    done = run_cli(root, "--date", DAY.isoformat())
    assert done.exit_code == 0, done.output
    return root, done.stdout


@pytest.fixture
def clean_verify(monkeypatch):
    """verify replaced by a clean report (the tests that use it check what comes after it)."""
    monkeypatch.setattr(release_run, "verify_all", lambda root, notify=None: Report())


def test_a_dry_run_prints_the_version_and_notes_and_writes_nothing(fresh):
    before, head = files(fresh), git(fresh, "rev-parse", "HEAD")
    done = run_cli(fresh, "--dry-run", "--date", DAY.isoformat())
    assert done.exit_code == 0, done.output
    out = done.stdout
    assert out.startswith("Release 0.1.0 (first release: the version schemas/package.json declares), "
                          "dated 2026-12-01: dry run, nothing written\n")
    assert "Release notes:\n\nFirst release: the fixture's articles." in out
    assert "- Datos: cinco artículos codificados" in out
    assert "### Data\n\nFirst release:\n\n- sources: " in out and "- claims: " in out
    assert files(fresh) == before and git(fresh, "rev-parse", "HEAD") == head
    assert git(fresh, "tag") == "" and git(fresh, "status", "--porcelain") == ""


def test_a_full_release_commits_tags_archives_and_starts_the_next_version(released):
    root, out = released
    assert log(root) == ["Start 0.1.0+dev", "Release 0.1.0", "baseline"]
    assert git(root, "status", "--porcelain") == ""
    # the release commit holds only what the release wrote
    changed = set(git(root, "show", "--name-only", "--format=", "HEAD~1").split())
    assert {"schemas/package.json", "CHANGELOG.md", "datapackage.json", "CITATION.cff", ".zenodo.json"} <= changed
    assert not {p for p in changed if p.startswith("seeds/")}
    # the tag is annotated, on the release commit, with the notes
    assert git(root, "cat-file", "-t", "v0.1.0").strip() == "tag"
    assert git(root, "rev-parse", "v0.1.0^{commit}") == git(root, "rev-parse", "HEAD~1")
    message = git(root, "tag", "-l", "--format=%(contents)", "v0.1.0")
    assert message.startswith("autodefensas 0.1.0 — 2026-12-01\n\nFirst release: the fixture's articles.")
    assert "### Data\n\nFirst release:" in message  # a markdown heading is no comment to strip
    # at the tag: the release's version and date everywhere
    package = json.loads(git(root, "show", "v0.1.0:schemas/package.json"))
    assert package["version"] == "0.1.0" and package["created"] == "2026-12-01T00:00:00Z"
    descriptor = json.loads(git(root, "show", "v0.1.0:datapackage.json"))
    assert descriptor["version"] == "0.1.0" and descriptor["created"] == "2026-12-01T00:00:00Z"
    changelog = git(root, "show", "v0.1.0:CHANGELOG.md")
    assert "## Unreleased\n\n## 0.1.0 — 2026-12-01\n\nFirst release: the fixture's articles." in changelog
    assert notes_of(changelog, "0.1.0") in message
    # after it: the next version's development state, no release date
    package = json.loads((root / "schemas/package.json").read_text("utf-8"))
    assert package["version"] == "0.1.0+dev" and "created" not in package
    assert json.loads((root / "datapackage.json").read_text("utf-8"))["version"] == "0.1.0+dev"
    # the archive, of the release (not of the +dev state)
    archive = root / "dist" / "autodefensas-0.1.0.zip"
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        assert json.loads(zf.read("autodefensas-0.1.0/datapackage.json"))["version"] == "0.1.0"
    assert "autodefensas-0.1.0/SHA256SUMS" in names
    # what the command said
    assert "Committed \"Release 0.1.0\"" in out and "and tagged it v0.1.0" in out
    assert "Wrote dist/autodefensas-0.1.0.zip" in out and "Committed \"Start 0.1.0+dev\"" in out
    assert out.rstrip().endswith("Nothing is pushed yet: git push origin main v0.1.0")


def test_release_notes_prints_a_released_versions_notes(released):
    root, _ = released
    done = CliRunner().invoke(app, ["release-notes", "v0.1.0", "--root", str(root)])
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("First release: the fixture's articles.")
    missing = CliRunner().invoke(app, ["release-notes", "0.9.0", "--root", str(root)])
    assert missing.exit_code == 2 and "no section \"## 0.9.0" in missing.output


def test_nothing_to_release_right_after_a_release(released):
    root, _ = released
    done = run_cli(root, "--dry-run")
    assert done.exit_code == 2, done.output
    assert "nothing to release since v0.1.0" in done.output


def edit_and_commit(root, edit, message="an edit"):
    edit(root)
    report = build(root)
    assert report.ok, report.format_text()
    commit_all(root, message)
    return root


def hedge(root):
    number, line = find_line(root / SHEET, r"^\s+hedged: false")
    replace_line(root / SHEET, number, line.replace("false", "true"))


def drop_unused_category(root):
    """Take out of actors.category an enum value no row uses (the data still fits)."""
    path = root / "schemas" / "actors.json"
    schema = json.loads(path.read_text("utf-8"))
    field = next(f for f in schema["fields"] if f["name"] == "category")
    with open(root / "data" / "actors.csv", encoding="utf-8") as f:
        used = {row["category"] for row in csv.DictReader(f)}
    unused = next(v for v in field["constraints"]["enum"] if v not in used)
    field["constraints"]["enum"].remove(unused)
    path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return unused


def test_a_correction_is_a_patch(released, copy_of, clean_verify):
    root = edit_and_commit(copy_of(released[0]), hedge)
    plan = plan_release(root, day=DAY)
    assert (plan.version, plan.level, plan.since) == ("0.1.1", "patch", "0.1.0")
    assert any(r.startswith("claims: 1 row corrected (") and "fields: hedged) (patch)" in r
               for r in plan.required.reasons)
    assert "### Data\n\nSince 0.1.0:" in plan.notes


def test_an_added_article_is_minor_and_a_lower_bump_is_refused(released, copy_of, clean_verify):
    root = edit_and_commit(copy_of(released[0]), contribute)
    plan = plan_release(root, day=DAY)
    assert (plan.version, plan.level) == ("0.2.0", "minor")
    assert any(r.startswith("sources: ") and "added" in r and r.endswith("(minor)") for r in plan.required.reasons)
    assert f"(`{SOURCE_ID}`)" in plan.notes  # the new document, by name
    before = files(root)
    done = run_cli(root, "--bump", "patch", "--dry-run")
    assert done.exit_code == 2
    assert "--bump patch is lower than the changes require (minor)" in done.output
    assert "rows added" in done.output
    assert files(root) == before


def test_a_removed_enum_value_is_major(released, copy_of, clean_verify):
    root = copy_of(released[0])
    unused = drop_unused_category(root)
    edit_and_commit(root, lambda root: None, "an enum value removed")
    plan = plan_release(root, day=DAY)
    assert (plan.version, plan.level) == ("1.0.0", "major")
    assert plan.required.reasons == [f"actors.category: enum value {unused!r} removed (major)"]


def test_a_higher_bump_is_allowed_and_a_real_second_release_moves_the_changelog(released, copy_of, clean_verify):
    root = edit_and_commit(copy_of(released[0]), hedge)
    changelog = root / "CHANGELOG.md"
    text = changelog.read_text("utf-8").replace("## Unreleased\n", "## Unreleased\n\n- Data: one hedge corrected.\n"
                                                "- Datos: una afirmación matizada.\n", 1)
    changelog.write_text(text, "utf-8")
    commit_all(root, "changelog")
    plan = release(root, "minor", date(2026, 12, 24))
    assert (plan.version, plan.level, plan.required.level) == ("0.2.0", "minor", "patch")
    assert log(root, 2) == ["Start 0.2.0+dev", "Release 0.2.0"]
    out = changelog.read_text("utf-8")
    assert out.index("## Unreleased\n\n## 0.2.0 — 2026-12-24\n\n- Data: one hedge corrected.") < out.index(
        "## 0.1.0 — 2026-12-01")
    assert "### Data\n\nSince 0.1.0:\n\n- sources: unchanged" in notes_of(out, "0.2.0")
    assert "(minor bump since 0.1.0, asked; the changes require patch)" in plan.describe()
    assert (root / "dist" / "autodefensas-0.2.0.zip").is_file()


def test_a_date_before_the_last_release_is_refused(released, copy_of, clean_verify):
    root = edit_and_commit(copy_of(released[0]), hedge)
    with pytest.raises(ReleaseError, match=r"2026-11-30 is before 0\.1\.0's \(2026-12-01\)"):
        plan_release(root, day=date(2026, 11, 30))


def test_a_dirty_tree_is_refused_listing_changed_and_untracked_files(fresh, copy_of):
    root = copy_of(fresh)
    hedge(root)
    (root / "seeds" / "notes.txt").write_text("borrador", "utf-8")
    (root / "dist").mkdir()
    (root / "dist" / "old.zip").write_bytes(b"ignored by git")  # ignored files do not count
    done = run_cli(root, "--dry-run")
    assert done.exit_code == 2
    assert "uncommitted or untracked files" in done.output
    assert f"changed: {SHEET}" in done.output and "untracked: seeds/notes.txt" in done.output
    assert "dist/" not in done.output


def test_a_failing_verify_is_refused_with_its_report(fresh, copy_of):
    root = copy_of(fresh)
    edit_cell(root, "incidents", first_row(root, "incidents")["incident_id"], "fatalities_low", "99")
    commit_all(root, "a hand edit of data/")
    head = git(root, "rev-parse", "HEAD")
    done = run_cli(root, "--date", DAY.isoformat())
    assert done.exit_code == 1, done.output
    assert "drift.changed" in done.stdout
    assert "release refused: verify found errors" in done.output
    assert git(root, "rev-parse", "HEAD") == head and git(root, "tag") == ""


def test_without_a_git_identity_the_release_is_refused(fresh, copy_of, monkeypatch, tmp_path):
    root = copy_of(fresh)
    git(root, "config", "--unset", "user.name")
    git(root, "config", "--unset", "user.email")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    done = run_cli(root, "--dry-run")
    assert done.exit_code == 2
    assert "git has no identity" in done.output and "git config user.email" in done.output


def test_a_failure_midway_undoes_commit_tag_archive_and_files(fresh, copy_of, clean_verify, monkeypatch):
    root = copy_of(fresh)
    before, head = files(root), git(root, "rev-parse", "HEAD")

    def broken(root, released):  # after the commit, the tag and the archive
        raise OSError("No space left on device")

    monkeypatch.setattr(release_run, "set_development", broken)
    with pytest.raises(ReleaseError) as caught:
        release(root, day=DAY)
    said = str(caught.value)
    assert said.startswith("the release of 0.1.0 stopped while starting 0.1.0+dev; undone: deleted the tag v0.1.0, "
                           "moved the branch back to ")
    assert "removed dist/autodefensas-0.1.0.zip" in said and said.endswith("No space left on device")
    assert git(root, "rev-parse", "HEAD") == head and git(root, "tag") == ""
    assert git(root, "status", "--porcelain") == ""
    assert files(root) == before


def test_a_failing_verify_of_the_release_itself_is_undone(fresh, copy_of, monkeypatch):
    root = copy_of(fresh)
    before = files(root)
    calls = []

    def second_fails(root, notify=None):
        calls.append(1)
        report = Report()
        if len(calls) == 2:
            from autodefensas.report import Problem
            report.add(Problem(rule="drift.changed", file="datapackage.json", message="differs"))
        return report

    monkeypatch.setattr(release_run, "verify_all", second_fails)
    with pytest.raises(VerifyFailed, match="stopped while verifying the release; undone: restored the files"):
        release(root, day=DAY)
    assert files(root) == before and git(root, "status", "--porcelain") == ""


@pytest.mark.parametrize("args, words", [
    (["--bump", "huge"], "unknown bump 'huge'"),
    (["--date", "1/12/2026"], "--date '1/12/2026' is not a date: write it as YYYY-MM-DD"),
    (["--bump", "minor"], "the first release takes the version schemas/package.json declares (0.1.0), "
                          "not --bump minor"),
])
def test_usage_errors_exit_2_with_why(fresh, args, words):
    done = run_cli(fresh, *args, "--dry-run")
    assert done.exit_code == 2
    assert words in done.output


def test_a_dated_changelog_section_without_its_tag_says_to_fetch_tags(fresh, copy_of):
    root = copy_of(fresh)
    changelog = root / "CHANGELOG.md"
    changelog.write_text(changelog.read_text("utf-8") + "\n## 0.1.0 — 2026-11-01\n\nFirst.\n", "utf-8")
    commit_all(root, "a changelog from a clone without tags")
    with pytest.raises(ReleaseError, match=r"no tag v0\.1\.0 is reachable from HEAD.*git fetch --tags"):
        plan_release(root)


def test_no_changelog_detached_head_and_no_git_are_refused(fresh, copy_of, dataset):
    root = copy_of(fresh)
    (root / "CHANGELOG.md").unlink()
    commit_all(root, "no changelog")
    with pytest.raises(ReleaseError, match=r"there is no CHANGELOG\.md .* \"## Unreleased\" section"):
        plan_release(root)
    git(root, "checkout", "-q", "--detach", "HEAD")
    with pytest.raises(ReleaseError, match="HEAD is detached"):
        plan_release(root)
    with pytest.raises(ReleaseError, match="is not a git checkout"):
        plan_release(dataset)


def test_a_changelog_without_unreleased_is_refused_before_verify(fresh, copy_of, monkeypatch):
    root = copy_of(fresh)
    (root / "CHANGELOG.md").write_text("# Changelog\n\n## 0.0.1 — 2026-01-01\n\nA draft.\n", "utf-8")
    commit_all(root, "a changelog without Unreleased")
    monkeypatch.setattr(release_run, "verify_all", lambda root, notify=None: pytest.fail("verify ran"))
    done = run_cli(root, "--dry-run")
    assert done.exit_code == 2
    assert 'CHANGELOG.md has no "## Unreleased" section' in done.output


def test_a_dist_folder_git_does_not_ignore_is_refused(fresh, copy_of):
    root = copy_of(fresh)
    ignore = root / ".gitignore"
    ignore.write_text(ignore.read_text("utf-8").replace("/dist/\n", ""), "utf-8")
    commit_all(root, "dist/ no longer ignored")
    with pytest.raises(ReleaseError, match=r"git does not ignore dist/.*add the line /dist/ to \.gitignore"):
        plan_release(root)


def test_an_explicit_bump_on_the_first_release_is_refused(fresh):
    with pytest.raises(BumpError, match="no release tag yet"):
        plan_release(fresh, "major")
