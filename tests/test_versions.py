"""open_version(): git refs, checkouts (built in memory) and package folders, as tables."""

import datetime as dt
import shutil

import pytest

from autodefensas.versions import VersionError, open_version
from conftest import SHEET, find_line, git, replace_line


def test_a_ref_a_checkout_and_a_package_folder_give_the_same_tables(repo, tmp_path):
    at_ref = open_version("main", repo)
    checkout = open_version(None, repo)
    folder = shutil.copytree(repo, tmp_path / "package", ignore=shutil.ignore_patterns("seeds", ".git"))
    package = open_version(folder, repo)
    descriptor = open_version(folder / "datapackage.json", repo)
    assert at_ref.tables == checkout.tables == package.tables == descriptor.tables
    assert at_ref.label.startswith("main (") and "checkout" in checkout.label
    assert set(at_ref.tables) == {"sources", "actors", "incidents", "claims"}


def test_the_checkout_includes_uncommitted_and_untracked_seeds(repo):
    path = repo / SHEET
    number, line = find_line(path, r"^\s+hedged: false")
    replace_line(path, number, line.replace("false", "true"))
    untracked = repo / "seeds" / "registry" / "note.txt"  # untracked files are read as they are
    untracked.write_text("x", "utf-8")
    before, now = open_version("HEAD", repo), open_version(None, repo)
    changed = [c["claim_id"] for c in now.tables["claims"]
               if before.keyed("claims")[c["claim_id"]] != c]
    assert len(changed) == 1 and now.keyed("claims")[changed[0]]["hedged"] == "true"


def test_typed_rows_follow_the_schema(repo):
    version = open_version("HEAD", repo)
    incident = next(r for r in version.typed("incidents") if r["incident_id"].startswith("2015-01-06-apatzingan"))
    assert isinstance(incident["date_start"], dt.date) and isinstance(incident["n_claims"], int)
    assert incident["latitude"] is None or isinstance(incident["latitude"], float)
    assert version.primary_key("claims") == ["claim_id"]


@pytest.mark.parametrize("spec, words", [
    ("no-such-branch", "neither a folder"),
    ("--help", "neither a folder"),
])
def test_a_name_that_is_no_version_says_what_to_pass(repo, spec, words):
    with pytest.raises(VersionError, match=words) as caught:
        open_version(spec, repo)
    assert "pass a branch, tag or commit" in str(caught.value)


def test_outside_git_a_ref_is_refused_with_why(dataset):
    with pytest.raises(VersionError, match="is not a git checkout"):
        open_version("main", dataset)


def test_a_folder_that_is_no_package(tmp_path, repo):
    (tmp_path / "empty").mkdir()
    with pytest.raises(VersionError, match="neither a dataset checkout"):
        open_version(tmp_path / "empty", repo)


def test_a_commit_without_a_package(repo):
    git(repo, "rm", "-q", "datapackage.json")
    git(repo, "commit", "-q", "-m", "no package")
    with pytest.raises(VersionError, match=r"has no datapackage\.json"):
        open_version("HEAD", repo)


def test_a_checkout_that_does_not_build_says_why(repo):
    path = repo / SHEET
    number, line = find_line(path, r"^\s+claim_type: fatalities")
    replace_line(path, number, line.replace("fatalities", "fatalitiez"))
    with pytest.raises(VersionError, match="does not build") as caught:
        open_version(None, repo)
    assert SHEET in str(caught.value)


def test_a_refs_withdrawals_come_with_its_tables(repo):
    assert open_version("HEAD", repo).withdrawn == {}
    (repo / "seeds" / "registry" / "withdrawn.yaml").write_text(
        "withdrawn:\n  - table: claims\n    id: x-c01\n    reason: a duplicate of x-c02\n", "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "withdraw")
    assert open_version("HEAD", repo).withdrawn == {("claims", "x-c01"): "a duplicate of x-c02"}
    assert open_version(repo / "datapackage.json", repo).withdrawn == {}  # a package carries none


def test_a_release_zip_and_its_url_read_as_the_folder(release_site, release_zip, served):
    from autodefensas.contrib.diff.run import diff

    folder = open_version(str(next(release_site.glob("autodefensas-*/"))))
    for spec in (str(release_zip), served + release_zip.name,
                 served + f"{release_zip.stem}/datapackage.json"):
        version = open_version(spec)
        assert version.tables == folder.tables and version.schemas == folder.schemas, spec
    assert diff(str(release_zip), served + release_zip.name).identical


def test_a_damaged_download_is_a_version_error(release_site, tmp_path):
    import shutil

    folder = shutil.copytree(next(release_site.glob("autodefensas-*/")), tmp_path / "copy")
    path = folder / "data" / "actors.csv"
    path.write_bytes(path.read_bytes().replace(b"Los Viagras", b"Los Viagros", 1))
    import zipfile

    with zipfile.ZipFile(tmp_path / "damaged.zip", "w") as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, "autodefensas-0.0.0/" + file.relative_to(folder).as_posix())
    with pytest.raises(VersionError, match=r"data/actors\.csv.*download it again"):
        open_version(str(tmp_path / "damaged.zip"))
