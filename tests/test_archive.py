"""The release archive: its layout (one top folder, the package, schemas, codebook, citation,
texts, SHA256SUMS) and its bytes (the same for the same package, wherever it is made)."""

import csv
import hashlib
import json
import shutil
import subprocess
import zipfile

import pytest
from typer.testing import CliRunner

from autodefensas import paths
from autodefensas.cli import app
from autodefensas.release.archive import ArchiveError, make_archive
from conftest import copy_dataset

runner = CliRunner()


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def version_of(root):
    return json.loads((root / "datapackage.json").read_text("utf-8"))["version"]


def members(zip_path):
    with zipfile.ZipFile(zip_path) as archive:
        return {info.filename: info for info in archive.infolist()}


def test_layout(built, release_zip):
    version = version_of(built)
    assert release_zip.name == f"autodefensas-{version}.zip"
    top = f"autodefensas-{version}/"
    names = list(members(release_zip))
    assert names == sorted(names) and all(name.startswith(top) for name in names)
    inside = {name.removeprefix(top) for name in names}
    with open(built / "data/sources.csv", encoding="utf-8") as f:
        texts = {row["text_path"] for row in csv.DictReader(f) if row["text_path"]}
    schemas = {p.relative_to(built).as_posix() for p in (built / "schemas").rglob("*") if p.is_file()}
    assert texts and all(t.startswith("seeds/") and t.endswith(".txt") for t in texts)
    expected = {"datapackage.json", "docs/codebook.md", "CITATION.cff", "SHA256SUMS", "README.md",
                *(paths.csv(t) for t in paths.TABLES), *schemas, *texts}
    assert inside == expected
    # nothing of the checkout that is not the package: coding sheets, registries, rules doc
    assert not any(name.endswith(".yaml") or name == "docs/rules.md" for name in inside)


def test_files_are_the_built_ones_and_sha256sums_lists_them(built, release_zip):
    top = release_zip.name.removesuffix(".zip") + "/"
    with zipfile.ZipFile(release_zip) as archive:
        files = {name.removeprefix(top): archive.read(name) for name in archive.namelist()}
    sums = files.pop("SHA256SUMS").decode("utf-8")
    for rel, data in files.items():
        if rel != "README.md":  # made for the release (test_readme_*)
            assert data == (built / rel).read_bytes(), rel
    lines = sums.splitlines()
    assert lines == sorted(lines, key=lambda line: line.split("  ", 1)[1])
    assert lines == [f"{hashlib.sha256(files[rel]).hexdigest()}  {rel}" for rel in sorted(files)]


def test_entries_have_fixed_times_modes_and_compression(release_zip):
    for info in members(release_zip).values():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)  # the fixture has no created date
        assert info.external_attr >> 16 == 0o100644
        assert info.create_system == 3
        assert info.compress_type == zipfile.ZIP_DEFLATED


def test_created_date_is_the_timestamp(dataset, tmp_path):
    descriptor = json.loads((dataset / "datapackage.json").read_text("utf-8"))
    descriptor["created"] = "2026-11-30T00:00:00Z"
    (dataset / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    out = make_archive(dataset, tmp_path)
    assert {info.date_time for info in members(out).values()} == {(2026, 11, 30, 0, 0, 0)}


def test_two_runs_and_two_copies_give_the_same_bytes(built, release_zip, tmp_path):
    again = make_archive(built, tmp_path / "again")
    elsewhere = copy_dataset(tmp_path / "another" / "checkout", built)
    moved = make_archive(elsewhere)  # into the copy's own dist/
    assert moved == elsewhere / "dist" / release_zip.name
    assert sha(again) == sha(release_zip) == sha(moved)


def test_sha256sum_checks_the_unzipped_release(release_site, release_zip):
    if shutil.which("sha256sum") is None:
        pytest.skip("sha256sum is not installed")
    folder = release_site / release_zip.name.removesuffix(".zip")
    done = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=folder,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_missing_text_is_an_error_naming_it(dataset, tmp_path):
    with open(dataset / "data/sources.csv", encoding="utf-8") as f:
        text = next(row["text_path"] for row in csv.DictReader(f) if row["text_path"])
    (dataset / text).unlink()
    with pytest.raises(ArchiveError, match=rf"{text} does not exist.*text_path"):
        make_archive(dataset, tmp_path / "dist")
    assert not (tmp_path / "dist").exists()  # nothing half-written


def test_a_text_path_outside_the_package_is_refused(dataset, tmp_path):
    path = dataset / "data/sources.csv"
    lines = path.read_text("utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if ",seeds/" in line)
    lines[number] = lines[number].replace(",seeds/", ",../../etc/", 1)
    path.write_text("\n".join(lines), "utf-8")
    with pytest.raises(ArchiveError, match=rf"data/sources.csv:{number + 1}: the path '../../etc/"):
        make_archive(dataset, tmp_path)


def test_cli_prints_sha256_and_path(built, release_zip, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["archive", "--root", str(built), "--output", "out"])
    assert result.exit_code == 0, result.output
    assert result.output == f"{sha(release_zip)}  out/{release_zip.name}\n"
    assert sha(tmp_path / "out" / release_zip.name) == sha(release_zip)


def test_cli_without_a_built_package_exits_2(tmp_path):
    result = runner.invoke(app, ["archive", "--root", str(tmp_path)])
    assert result.exit_code == 2
    assert "datapackage.json does not exist" in result.output and "autodefensas build" in result.output
    assert "Traceback" not in result.output


def _readme(zip_path):
    with zipfile.ZipFile(zip_path) as archive:
        name = next(n for n in archive.namelist() if n.endswith("/README.md"))
        return archive.read(name).decode("utf-8")


def test_readme_says_what_the_folder_holds(built, release_zip):
    text = _readme(release_zip)
    version = version_of(built)
    with open(built / "data/claims.csv", encoding="utf-8") as f:
        claims = sum(1 for _ in csv.DictReader(f))
    assert f"| `data/claims.csv` | {claims} rows." in text
    for rel in ("datapackage.json", "schemas/", "docs/codebook.md", "CITATION.cff", "SHA256SUMS"):
        assert f"| `{rel}` |" in text
    assert "frictionless::read_package(\"datapackage.json\")" in text
    assert f"autodefensas verify --package autodefensas-{version}" in text
    assert "Not the article texts" in text  # the licence's scope
    # the fixture package is no release (no created): no citation, and no tag to install from
    assert "## Cite" not in text and "(not a release)" in text and "@main" in text


def test_readme_of_a_release_cites_it_and_names_its_tag(dataset, tmp_path):
    from datetime import date

    from autodefensas import build
    from autodefensas.release.metadata import set_release

    set_release(dataset, "2.0.1", date(2027, 2, 3))
    assert build(dataset).ok
    text = _readme(make_archive(dataset, tmp_path))
    assert "Version 2.0.1, released 2027-02-03." in text
    assert "## Cite" in text and "(Version 2.0.1) [Data set]" in text
    assert "@v2.0.1\"" in text and "/blob/v2.0.1/CHANGELOG.md" in text
