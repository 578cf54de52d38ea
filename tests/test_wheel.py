"""Python users get the version they pinned: the wheel carries the package's data
(_package/: datapackage.json, data/*.csv, schemas/), its descriptor says the wheel's own
version, and load() without an argument reads it. Built from the repository itself
(true of any valid dataset), once, with the build backend the project declares."""

import email.parser
import hashlib
import json
import subprocess
import sys
import zipfile

import pytest

from autodefensas.paths import TABLES
from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    pytest.importorskip("hatchling", reason="hatchling (the build backend, in the test extra) is not installed")
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                           "--quiet", "--wheel-dir", str(out), str(REPO)], capture_output=True, text=True)
    if done.returncode != 0 and "No module named pip" in done.stderr:
        pytest.skip("pip is not installed")
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("autodefensas-*.whl")
    return built


def read(wheel, name):
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(name)


def wheel_version(wheel):
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.BytesHeaderParser().parsebytes(archive.read(metadata))["Version"]


def test_the_wheel_carries_the_package(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "autodefensas/_package/datapackage.json" in names
    assert {f"autodefensas/_package/data/{t}.csv" for t in TABLES} <= names
    descriptor = json.loads(read(wheel, "autodefensas/_package/datapackage.json"))
    for resource in descriptor["resources"]:
        data = read(wheel, f"autodefensas/_package/{resource['path']}")
        assert resource["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}", resource["path"]
        if isinstance(resource["schema"], str):
            assert f"autodefensas/_package/{resource['schema']}" in names


def test_the_descriptor_says_the_wheels_version(wheel):
    descriptor = json.loads(read(wheel, "autodefensas/_package/datapackage.json"))
    assert descriptor["version"] == wheel_version(wheel)
    assert wheel.name.startswith(f"autodefensas-{wheel_version(wheel)}-")


def test_the_installed_wheel_loads_its_own_package(wheel, tmp_path):
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path)  # what installing a pure-Python wheel puts on the path
    probe = ("import autodefensas; from autodefensas.load import default_package; t = autodefensas.load(); "
             "print(default_package()); print(len(t.claims)); print(autodefensas.__version__)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          env={"PYTHONPATH": str(tmp_path), "PATH": ""}, cwd=tmp_path)
    path, claims, version = done.stdout.split()
    assert path == str(tmp_path / "autodefensas" / "_package" / "datapackage.json")
    assert int(claims) == sum(1 for _ in (REPO / "data" / "claims.csv").open(encoding="utf-8")) - 1
    assert version == wheel_version(wheel)
