import json
import re

import pandas as pd
import pytest

import autodefensas
from autodefensas.load import default_package
from autodefensas.tableschema.types import TYPES
from conftest import REPO, find_line, replace_line


def test_load_without_a_path_reads_the_checkouts_package():
    # an editable install (or PYTHONPATH=src) reads the checkout's own descriptor, whatever it holds
    assert default_package() == REPO / "datapackage.json"


def test_load_typed_from_schemas(built):
    tables = autodefensas.load(built / "datapackage.json")
    incidents, claims = tables.incidents, tables["claims"]
    assert len(claims) > 40 and len(incidents) > 0
    assert pd.api.types.is_datetime64_any_dtype(incidents["date_start"])
    assert incidents["fatalities_low"].dtype == TYPES["integer"].pandas
    assert isinstance(incidents["event_type"].dtype, pd.CategoricalDtype)
    assert "armed_clash" in incidents["event_type"].cat.categories  # all enum values, used or not
    assert claims["hedged"].dtype == TYPES["boolean"].pandas
    assert claims["char_start"].dtype == TYPES["integer"].pandas
    assert pd.api.types.is_string_dtype(claims["quote"])
    assert incidents["municipality_code"].dropna().str.len().eq(5).all()  # codes keep leading digits as text


def test_load_given_path_and_folder(built):
    by_file = autodefensas.load(built / "datapackage.json")
    by_dir = autodefensas.load(built)
    pd.testing.assert_frame_equal(by_file.sources, by_dir.sources)


def test_unknown_table_name(built):
    with pytest.raises(KeyError, match="tables are"):
        autodefensas.load(built)["events"]


def forget_sizes_and_hashes(root):
    """The descriptor without bytes and hash, so that load() reads a hand-edited CSV and types it."""
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text("utf-8"))
    for resource in descriptor["resources"]:
        del resource["bytes"], resource["hash"]
    path.write_text(json.dumps(descriptor), "utf-8")


def test_columns_not_matching_schema_are_refused(dataset):
    forget_sizes_and_hashes(dataset)
    path = dataset / "data" / "actors.csv"
    lines = path.read_text("utf-8").split("\n")
    lines[0] = lines[0].replace("actor_id", "actor")
    path.write_text("\n".join(lines), "utf-8")
    with pytest.raises(ValueError, match="differ from its schema"):
        autodefensas.load(dataset / "datapackage.json")


def test_bad_cell_is_refused_with_file_and_line(dataset):
    forget_sizes_and_hashes(dataset)
    path = dataset / "data" / "incidents.csv"
    number, line = find_line(path, r"^2015-01-06-apatzingan-town-hall-retaken,")
    replace_line(path, number, line.replace(",day,", ",daily,", 1))
    with pytest.raises(ValueError, match=rf"incidents.csv:{number}: date_precision 'daily'"):
        autodefensas.load(dataset / "datapackage.json")


def test_a_hand_edited_csv_is_refused_by_its_hash(dataset):
    path = dataset / "data" / "incidents.csv"
    path.write_text(path.read_text("utf-8").replace(",day,", ",dai,", 1), "utf-8")  # the same size
    with pytest.raises(autodefensas.LoadError, match=r"incidents.csv: its sha256 is [0-9a-f]{64}, but .*"
                                                      r"datapackage.json says [0-9a-f]{64}: .*download it again"):
        autodefensas.load(dataset)


def test_a_truncated_csv_is_refused_by_its_size(dataset):
    path = dataset / "data" / "claims.csv"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(autodefensas.LoadError, match=r"claims.csv: the file has \d+ bytes, but .* says \d+"):
        autodefensas.load(dataset)


def test_inline_and_path_schemas_load_alike(dataset):
    before = autodefensas.load(dataset)
    path = dataset / "datapackage.json"
    descriptor = json.loads(path.read_text("utf-8"))
    for resource in descriptor["resources"]:
        if isinstance(resource["schema"], str):
            resource["schema"] = json.loads((dataset / resource["schema"]).read_text("utf-8"))
        else:
            (dataset / "elsewhere").mkdir(exist_ok=True)
            (dataset / "elsewhere" / f"{resource['name']}.json").write_text(json.dumps(resource["schema"]), "utf-8")
            resource["schema"] = f"elsewhere/{resource['name']}.json"
    path.write_text(json.dumps(descriptor), "utf-8")
    after = autodefensas.load(dataset)
    for name in ("sources", "actors", "incidents", "claims"):
        pd.testing.assert_frame_equal(before[name], after[name])


@pytest.mark.parametrize("given", ["nowhere", "nowhere/datapackage.json"])
def test_a_missing_package_is_an_error_saying_what_to_pass(tmp_path, given):
    with pytest.raises(autodefensas.LoadError, match="does not exist: pass a package folder"):
        autodefensas.load(tmp_path / given)


def test_a_folder_without_a_descriptor(tmp_path):
    with pytest.raises(autodefensas.LoadError, match=r"has no datapackage\.json"):
        autodefensas.load(tmp_path)


@pytest.mark.parametrize("content, says", [
    (b"<!DOCTYPE html><html><body>GitHub</body></html>", "is an HTML page, not a package.*raw"),
    (b"\x00\x01 not text", "is neither JSON nor a zip"),
    (b'{"name": "x"}', "not a Data Package descriptor"),
])
def test_a_file_that_is_not_a_package(tmp_path, content, says):
    path = tmp_path / "datapackage.json"
    path.write_bytes(content)
    with pytest.raises(autodefensas.LoadError, match=says):
        autodefensas.load(path)


def test_a_descriptor_path_that_leaves_the_package_is_refused(dataset):
    path = dataset / "datapackage.json"
    descriptor = json.loads(path.read_text("utf-8"))
    descriptor["resources"][0]["path"] = "../../secrets.csv"
    path.write_text(json.dumps(descriptor), "utf-8")
    with pytest.raises(autodefensas.LoadError, match=re.escape("'../../secrets.csv' is not a relative path inside")):
        autodefensas.load(dataset)
