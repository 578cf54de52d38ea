"""The version's one source (schemas/package.json) and what the build writes from it:
the descriptor, CITATION.cff, .zenodo.json, __version__ and the wheel's version."""

import json
import re
import shutil
import tomllib
from datetime import date
from pathlib import Path

import pytest
import yaml

import autodefensas
from autodefensas import build
from autodefensas.release.metadata import (
    VersionFormatError,
    created_of,
    package_version,
    parse_version,
    release_of,
    set_development,
    set_release,
)
from conftest import REPO


def _read(root: Path, rel: str):
    text = (root / rel).read_text("utf-8")
    return json.loads(text) if rel.endswith(".json") else yaml.safe_load(text)


@pytest.mark.parametrize(("text", "parsed"), [("0.1.0", (0, 1, 0, False)), ("1.12.3+dev", (1, 12, 3, True)),
                                              ("10.0.0", (10, 0, 0, False))])
def test_versions_parse(text, parsed):
    assert parse_version(text) == parsed


@pytest.mark.parametrize("text", ["0.1", "v0.1.0", "0.1.0-rc1", "01.1.0", "0.1.0+local", ""])
def test_other_versions_are_refused_with_the_form_expected(text):
    with pytest.raises(VersionFormatError, match=r"X\.Y\.Z or X\.Y\.Z\+dev"):
        parse_version(text)


def test_release_of_strips_the_development_mark():
    assert release_of("0.2.0+dev") == "0.2.0"
    assert release_of("0.2.0") == "0.2.0"


def test_a_release_and_the_development_after_it_are_written_everywhere(dataset):
    set_release(dataset, "0.3.0", date(2026, 11, 22))
    assert build(dataset).ok
    descriptor, cff, zenodo = (_read(dataset, rel) for rel in ("datapackage.json", "CITATION.cff", ".zenodo.json"))
    assert descriptor["version"] == cff["version"] == zenodo["version"] == "0.3.0"
    assert descriptor["created"] == "2026-11-22T00:00:00Z"
    assert str(cff["date-released"]) == "2026-11-22" and zenodo["publication_date"] == "2026-11-22"

    set_development(dataset, "0.3.0")
    assert build(dataset).ok
    descriptor, cff, zenodo = (_read(dataset, rel) for rel in ("datapackage.json", "CITATION.cff", ".zenodo.json"))
    assert package_version(dataset) == descriptor["version"] == cff["version"] == zenodo["version"] == "0.3.0+dev"
    # between releases there is no release date: a build never stamps the wall clock
    assert "created" not in descriptor and "date-released" not in cff and "publication_date" not in zenodo


def test_created_is_the_release_day_at_midnight_utc():
    assert created_of(date(2015, 1, 7)) == "2015-01-07T00:00:00Z"


def test_citation_files_agree_with_the_descriptor(built):
    descriptor, cff, zenodo = (_read(built, rel) for rel in ("datapackage.json", "CITATION.cff", ".zenodo.json"))
    assert descriptor["title"] == cff["title"] == zenodo["title"]
    assert descriptor["keywords"] == cff["keywords"] == zenodo["keywords"]
    assert descriptor["licenses"][0]["name"] == cff["license"] == zenodo["license"].upper()
    creators = [c["title"] for c in descriptor["contributors"] if "creator" in c["roles"]]
    assert [a["name"] for a in cff["authors"]] == [c["name"] for c in zenodo["creators"]] == creators
    assert cff["url"] == descriptor["homepage"]


def test_the_build_regenerates_a_hand_edited_citation(dataset):
    path = dataset / "CITATION.cff"
    path.write_text(path.read_text("utf-8").replace("title:", "title: Another"), "utf-8")
    from autodefensas import verify

    report = verify(dataset, ("drift",), baseline=None)
    assert [(p.rule, p.file) for p in report.problems] == [("drift.changed", "CITATION.cff")]
    assert build(dataset).ok and verify(dataset, ("drift",), baseline=None).ok


def test_each_resource_carries_its_schema_inline(built):
    descriptor = _read(built, "datapackage.json")
    for resource in descriptor["resources"]:
        assert resource["schema"] == _read(built, f"schemas/{resource['name']}.json")
        assert resource["profile"] == "tabular-data-resource"  # what R's read_resource() asks for


def test_the_descriptor_has_what_a_catalogue_needs(built):
    descriptor = _read(built, "datapackage.json")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", descriptor["id"])
    assert descriptor["homepage"].startswith("https://")
    assert all(c["roles"] for c in descriptor["contributors"])
    assert "seeds/" in descriptor["licenses"][0]["title"]  # the licence says the texts are outside it
    assert all("path" in s or "note" in s for s in descriptor["sources"])


def _set_url(root: Path, source_id: str, url: str) -> None:
    sheet = root / "seeds" / f"{source_id}.yaml"
    text = sheet.read_text("utf-8")
    assert "\n  url: null\n" in text
    sheet.write_text(text.replace("\n  url: null\n", f"\n  url: {url}\n", 1), "utf-8")


def _publisher_entry(root: Path, publisher: str) -> dict:
    return next(s for s in _read(root, "datapackage.json")["sources"] if s["title"].startswith(publisher))


INSIGHT = ("insightcrime-2013-08-07-guerrero-vigilantes-detain-soldiers",
           "insightcrime-2013-08-09-guerrero-vigilantes-talks", "insightcrime-2015-01-07-apatzingan-shootouts")


def test_sources_get_the_site_their_articles_share_or_a_note(dataset):
    assert "path" not in _publisher_entry(dataset, "InSight Crime")  # no URLs: a note says where to look
    assert "sources table" in _publisher_entry(dataset, "InSight Crime")["note"]
    for number, source_id in enumerate(INSIGHT):
        _set_url(dataset, source_id, f"https://insightcrime.example/news/{number}")
    assert build(dataset).ok
    assert _publisher_entry(dataset, "InSight Crime") == {"title": "InSight Crime (3 articles)",
                                                          "path": "https://insightcrime.example/"}
    _set_url(dataset, "reuters-2019-10-15-tepochica-gunfight", "https://reuters.example/a")
    assert build(dataset).ok
    assert _publisher_entry(dataset, "Reuters")["path"] == "https://reuters.example/"


def test_a_publisher_on_two_sites_gets_a_note(dataset):
    _set_url(dataset, INSIGHT[0], "https://insightcrime.example/a")
    _set_url(dataset, INSIGHT[1], "https://mirror.example/b")
    assert build(dataset).ok
    assert "path" not in _publisher_entry(dataset, "InSight Crime")


def test_toolkit_version_is_the_packages():
    assert autodefensas.__version__ == package_version(REPO)
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    source = pyproject["tool"]["hatch"]["version"]
    text = (REPO / source["path"]).read_text("utf-8")
    assert re.search(source["pattern"], text).group("version") == package_version(REPO)


def test_the_version_source_is_written_with_the_same_layout(tmp_path):
    (tmp_path / "schemas").mkdir()
    shutil.copy(REPO / "schemas" / "package.json", tmp_path / "schemas" / "package.json")
    before = (tmp_path / "schemas" / "package.json").read_text("utf-8")
    set_release(tmp_path, package_version(tmp_path).removesuffix("+dev"), date(2026, 1, 2))
    set_development(tmp_path, package_version(tmp_path))
    after = (tmp_path / "schemas" / "package.json").read_text("utf-8")
    # only the version line may differ (a checkout before its first release has no "+dev")
    assert [line for line in after.splitlines() if '"version"' not in line] == \
        [line for line in before.splitlines() if '"version"' not in line]
