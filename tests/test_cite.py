"""autodefensas cite: a release's citation from its descriptor, refused for a development state."""

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from autodefensas import build
from autodefensas.cli import app
from autodefensas.release.cite import NotReleasedError, citation
from autodefensas.release.metadata import set_development, set_release

runner = CliRunner()


@pytest.fixture(scope="module")
def released(tmp_path_factory, built):
    import shutil

    root = shutil.copytree(built, tmp_path_factory.mktemp("cite") / "dataset")
    set_release(root, "1.4.2", date(2027, 3, 5))
    assert build(root).ok
    return root


def _descriptor(root):
    return json.loads((root / "datapackage.json").read_text("utf-8"))


def test_text_names_creators_year_title_version_and_the_release_page(released):
    descriptor = _descriptor(released)
    text = citation(descriptor)
    assert text.startswith("autodefensas contributors (2027). " + descriptor["title"] + " (Version 1.4.2) [Data set]. ")
    assert text.rstrip().endswith(descriptor["homepage"] + "/releases/tag/v1.4.2")


def test_bibtex_has_a_key_per_version(released):
    bibtex = citation(_descriptor(released), "bibtex")
    assert bibtex.startswith("@misc{autodefensas_1_4_2,\n")
    assert "  author = {{autodefensas contributors}},\n" in bibtex and "  version = {1.4.2},\n" in bibtex
    assert "  year = {2027},\n" in bibtex and "licence CC-BY-4.0" in bibtex
    assert bibtex.count("{") == bibtex.count("}")


def test_a_development_state_is_not_cited(released, tmp_path):
    import shutil

    root = shutil.copytree(released, tmp_path / "dev")
    set_development(root, "1.4.2")
    assert build(root).ok
    with pytest.raises(NotReleasedError, match=r"1\.4\.2\+dev, not a release"):
        citation(_descriptor(root))


def test_cli(released):
    result = runner.invoke(app, ["cite", str(released), "--format", "bibtex"])
    assert result.exit_code == 0 and result.output.startswith("@misc{autodefensas_1_4_2,")
    result = runner.invoke(app, ["cite", str(released / "datapackage.json")])
    assert result.exit_code == 0 and "(Version 1.4.2)" in result.output


def test_cli_errors_say_what_to_do(released, tmp_path):
    assert runner.invoke(app, ["cite", str(released), "--format", "apa"]).exit_code == 2
    result = runner.invoke(app, ["cite", str(tmp_path)])
    assert result.exit_code == 2 and "has no datapackage.json" in result.output


def test_a_release_zip(released, tmp_path):
    from autodefensas.release.archive import make_archive

    result = runner.invoke(app, ["cite", str(make_archive(released, tmp_path))])
    assert result.exit_code == 0 and "(Version 1.4.2)" in result.output


def test_an_undated_package_by_url_is_refused_saying_why(release_zip, served):
    result = runner.invoke(app, ["cite", served + release_zip.name])  # the fixture package has no created
    assert result.exit_code == 2 and "not a release" in result.output
