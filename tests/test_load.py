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


def test_columns_not_matching_schema_are_refused(dataset):
    path = dataset / "data" / "actors.csv"
    lines = path.read_text("utf-8").split("\n")
    lines[0] = lines[0].replace("actor_id", "actor")
    path.write_text("\n".join(lines), "utf-8")
    with pytest.raises(ValueError, match="differ from its schema"):
        autodefensas.load(dataset / "datapackage.json")


def test_bad_cell_is_refused_with_file_and_line(dataset):
    path = dataset / "data" / "incidents.csv"
    number, line = find_line(path, r"^2015-01-06-apatzingan-town-hall-retaken,")
    replace_line(path, number, line.replace(",day,", ",daily,", 1))
    with pytest.raises(ValueError, match=rf"incidents.csv:{number}: date_precision 'daily'"):
        autodefensas.load(dataset / "datapackage.json")
