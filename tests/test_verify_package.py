"""verify --package: a downloaded release (zip or unzipped folder) checked without a checkout.

A good release verifies clean; each tampering is reported with its file: by the release
layer (SHA256SUMS) and, when the tamperer kept SHA256SUMS and the descriptor consistent,
by the layers that check the package itself (descriptor hash, text hash, quote slices)."""

import csv
import hashlib
import io
import json
import zipfile

import pytest
from typer.testing import CliRunner

from autodefensas.cli import app
from autodefensas.verify.release import PACKAGE_FIX, PackageError, verify_package

runner = CliRunner()
FAST = ("release", "contract", "rules")  # the quality layer costs seconds: the clean runs take it
CLAIMS = "data/claims.csv"


def found(report):
    return {(p.rule, p.file) for p in report.problems}


def resum(folder, rel):
    """Keep SHA256SUMS (and, for a CSV, the descriptor's bytes and hash) true to an edited file,
    as a careful tamperer would: only the layers that look inside can tell then."""
    data = (folder / rel).read_bytes()
    if rel.startswith("data/"):
        descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
        for resource in descriptor["resources"]:
            if resource["path"] == rel:
                resource["bytes"], resource["hash"] = len(data), f"sha256:{hashlib.sha256(data).hexdigest()}"
        (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2), "utf-8")
    sums = folder / "SHA256SUMS"
    lines = sums.read_text("utf-8").splitlines()
    for changed in {rel, "datapackage.json"}:
        digest = hashlib.sha256((folder / changed).read_bytes()).hexdigest()
        lines = [f"{digest}  {changed}" if line.endswith(f"  {changed}") else line for line in lines]
    sums.write_text("\n".join(lines) + "\n", "utf-8")


def rows(folder, rel):
    return list(csv.DictReader(io.StringIO((folder / rel).read_text("utf-8"))))


def write_rows(folder, rel, table):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(table[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    (folder / rel).write_text(out.getvalue(), "utf-8")


def test_a_good_release_zip_verifies_clean(release_zip):
    result = runner.invoke(app, ["verify", "--package", str(release_zip), "-q"])
    assert result.exit_code == 0, result.output
    assert result.output == "OK: no errors (layers checked: release, contract, rules, quality).\n"


def test_a_good_release_folder_verifies_clean(release_site, release_zip):
    folder = release_site / release_zip.name.removesuffix(".zip")
    report = verify_package(folder, FAST)
    assert report.ok and report.problems == [], report.format_text()
    assert verify_package(folder / "datapackage.json", ("release",)).problems == []


def test_a_csv_cell_edited(release_dir):
    table = rows(release_dir, CLAIMS)
    table[3]["value_qualifier"] = "about" if table[3]["value_qualifier"] != "about" else "exact"
    write_rows(release_dir, CLAIMS, table)
    report = verify_package(release_dir, FAST)
    assert {("release.checksum", CLAIMS), ("contract.hash-count", CLAIMS)} <= found(report)
    assert not report.ok
    hints = {p.rule: p.hint for p in report.problems}
    assert hints["contract.hash-count"] == PACKAGE_FIX  # not the checkout's "git checkout -- data/"


def test_a_sha256sums_line_wrong(release_dir):
    sums = release_dir / "SHA256SUMS"
    lines = sums.read_text("utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.endswith("  docs/codebook.md"))
    lines[number] = "0" * 64 + "  docs/codebook.md"
    sums.write_text("\n".join(lines) + "\n", "utf-8")
    report = verify_package(release_dir, FAST)
    assert found(report) == {("release.checksum", "docs/codebook.md")}
    assert f"SHA256SUMS:{number + 1} says {'0' * 64}" in report.problems[0].message


@pytest.mark.parametrize("consistent", [False, True])
def test_a_text_edited(release_dir, consistent):
    document = next(r for r in rows(release_dir, "data/sources.csv") if r["text_path"])
    text = release_dir / document["text_path"]
    text.write_text(text.read_text("utf-8").replace(" the ", " a ", 1), "utf-8")
    if consistent:
        resum(release_dir, document["text_path"])
    report = verify_package(release_dir, FAST)
    expected = {("rules.text-hash", "data/sources.csv")}
    if not consistent:
        expected.add(("release.checksum", document["text_path"]))
    assert found(report) == expected
    assert document["text_path"] in next(p.message for p in report.problems if p.rule == "rules.text-hash")


@pytest.mark.parametrize("consistent", [False, True])
def test_a_quote_shifted(release_dir, consistent):
    table = rows(release_dir, CLAIMS)
    claim = table[0]
    claim["char_start"], claim["char_end"] = str(int(claim["char_start"]) + 1), str(int(claim["char_end"]) + 1)
    write_rows(release_dir, CLAIMS, table)
    if consistent:
        resum(release_dir, CLAIMS)
    report = verify_package(release_dir, FAST)
    assert ("rules.quote-slice", CLAIMS) in found(report)
    slice_problem = next(p for p in report.problems if p.rule == "rules.quote-slice")
    assert slice_problem.line == 2 and slice_problem.key == claim["claim_id"]
    assert (("release.checksum", CLAIMS) in found(report)) is not consistent


def test_an_extra_file(release_dir):
    (release_dir / "seeds" / "extra.txt").write_text("not released\n", "utf-8")
    (release_dir / ".DS_Store").write_bytes(b"\x00")  # what a file manager leaves: not a finding
    report = verify_package(release_dir, FAST)
    assert found(report) == {("release.unlisted-file", "seeds/extra.txt")}


def test_a_file_missing(release_dir):
    (release_dir / "schemas" / "roles.json").unlink()
    report = verify_package(release_dir, ("release", "contract"))
    assert ("release.missing-file", "SHA256SUMS") in found(report)
    assert any("schemas/roles.json is listed" in p.message for p in report.problems)
    assert not report.ok  # the schemas cannot be read either: no other layer ran
    assert [run.status for run in report.runs] == ["ran", "not-run"]


def test_the_cli_names_the_file_and_exits_1(release_dir):
    (release_dir / "data" / "extra.csv").write_text("a\n1\n", "utf-8")
    result = runner.invoke(app, ["verify", "--package", str(release_dir), "-q", "--layer", "release",
                                 "--format", "github"])
    assert result.exit_code == 1
    assert "::error file=data/extra.csv,title=release.unlisted-file::" in result.output


def test_a_damaged_zip_exits_2(release_zip, tmp_path):
    damaged = tmp_path / release_zip.name
    damaged.write_bytes(release_zip.read_bytes()[: len(release_zip.read_bytes()) // 2])
    result = runner.invoke(app, ["verify", "--package", str(damaged)])
    assert result.exit_code == 2
    assert "is not a zip" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("where", [0.2, 0.5, 0.8])
def test_a_zip_damaged_inside_a_member_exits_2(release_zip, tmp_path, where):
    # zeros inside a compressed stream: a bad CRC or a zlib error, depending on where they land
    damaged = tmp_path / release_zip.name
    data = bytearray(release_zip.read_bytes())
    with zipfile.ZipFile(release_zip) as archive:
        info = next(i for i in archive.infolist() if i.filename.endswith("/data/claims.csv"))
    start = info.header_offset + 100 + int(info.compress_size * where)
    data[start:start + 50] = bytes(50)
    damaged.write_bytes(bytes(data))
    result = runner.invoke(app, ["verify", "--package", str(damaged)])
    assert result.exit_code == 2, result.output
    assert "cannot be unzipped" in result.output and "download it again" in result.output
    assert "internal error" not in result.output


def test_a_zip_that_climbs_out_is_refused(tmp_path):
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("autodefensas-0.1.0/datapackage.json", "{}")
        archive.writestr("autodefensas-0.1.0/../../escaped.txt", "x")
    with pytest.raises(PackageError, match="paths outside its folder"):
        verify_package(path)
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_a_zip_without_one_top_folder_is_refused(tmp_path):
    path = tmp_path / "loose.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("datapackage.json", "{}")
    with pytest.raises(PackageError, match="one top folder"):
        verify_package(path)


@pytest.mark.parametrize("args, says", [
    (["--layer", "coding"], "need a checkout"),
    (["--baseline", "v0.1.0"], "a --package has none"),
    (["--contract-engine", "slow"], "unknown contract engine"),
])
def test_usage_errors_exit_2(release_zip, args, says):
    result = runner.invoke(app, ["verify", "--package", str(release_zip), *args])
    assert result.exit_code == 2
    assert says in result.output


def test_a_path_that_is_no_release_exits_2(tmp_path):
    result = runner.invoke(app, ["verify", "--package", str(tmp_path / "nowhere.zip")])
    assert result.exit_code == 2 and "does not exist" in result.output
    result = runner.invoke(app, ["verify", "--package", str(tmp_path)])
    assert result.exit_code == 2 and "has no datapackage.json" in result.output
