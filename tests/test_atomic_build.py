"""A build that fails or is interrupted half-way leaves the previous outputs intact."""

import os
import re

import pytest

from autodefensas import build
from autodefensas.build import write_files
from conftest import find_line, replace_line

OUTPUTS = ("data", "datapackage.json", "docs/codebook.md")


def snapshot(root):
    files = {}
    for name in OUTPUTS:
        path = root / name
        for p in ([path] if path.is_file() else sorted(path.rglob("*"))):
            if p.is_file():
                files[str(p.relative_to(root))] = p.read_bytes()
    return files


def change_the_coding(root):
    """A valid change that alters every output, so that a half-done write would show."""
    sheet = root / "seeds/registry/incidents.yaml"
    number, line = find_line(sheet, r"^    title: ")
    replace_line(sheet, number, line + " (retitled)")
    # the schemas are the repository's current ones: set a version no release will have
    path = root / "schemas/package.json"
    text, count = re.subn(r'"version": "[^"]*"', '"version": "99.0.0"', path.read_text("utf-8"), count=1)
    assert count == 1
    path.write_text(text, "utf-8")


@pytest.mark.parametrize("fail_at", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
def test_failure_during_the_swap_leaves_previous_outputs(dataset, monkeypatch, fail_at, error):
    before = snapshot(dataset)
    change_the_coding(dataset)
    real_replace, calls = os.replace, []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == fail_at:
            raise error
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(type(error)):
        build(dataset)
    monkeypatch.setattr(os, "replace", real_replace)
    assert snapshot(dataset) == before
    assert not list(dataset.glob(".build-*"))


def test_failure_while_writing_the_staging_copy(dataset, monkeypatch):
    before = snapshot(dataset)
    change_the_coding(dataset)
    from pathlib import Path

    real_write, count = Path.write_bytes, []

    def failing_write(self, data):
        count.append(self)
        if len(count) == 3:
            raise OSError("no space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    with pytest.raises(OSError):
        build(dataset)
    monkeypatch.setattr(Path, "write_bytes", real_write)
    assert snapshot(dataset) == before


def test_successful_build_after_a_failed_one(dataset, monkeypatch):
    change_the_coding(dataset)
    assert build(dataset).ok
    after = snapshot(dataset)
    assert b"(retitled)" in after["data/incidents.csv"]
    assert b'"version": "99.0.0"' in after["datapackage.json"]


def test_write_files_into_a_fresh_folder(tmp_path):
    write_files(tmp_path, {"data/a.csv": b"x\n", "datapackage.json": b"{}\n"})
    assert (tmp_path / "data/a.csv").read_bytes() == b"x\n"
    assert not list(tmp_path.glob(".build-*"))
