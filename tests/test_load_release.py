"""load() of a release: by the URL of its datapackage.json or of its zip (a small HTTP
server on 127.0.0.1 serves the fixture dataset's release), and from the zip on disk;
each gives the same tables as the local package, and a bad download is an error that
says which file and what to do."""

import pandas as pd
import pytest

import autodefensas
from autodefensas.paths import TABLES
from serve import serve


def assert_same(tables, expected):
    for name in TABLES:
        pd.testing.assert_frame_equal(tables[name], expected[name], check_exact=True)


@pytest.fixture(scope="module")
def local(built):
    return autodefensas.load(built)


def folder_of(release_zip):
    return release_zip.name.removesuffix(".zip")


def test_load_by_descriptor_url_equals_local(served, release_zip, local):
    assert_same(autodefensas.load(f"{served}{folder_of(release_zip)}/datapackage.json"), local)


def test_load_by_zip_url_equals_local(served, release_zip, local):
    assert_same(autodefensas.load(f"{served}{release_zip.name}"), local)


def test_load_by_zip_path_and_folder_equal_local(release_zip, release_site, local):
    assert_same(autodefensas.load(release_zip), local)
    assert_same(autodefensas.load(str(release_zip)), local)
    assert_same(autodefensas.load(release_site / folder_of(release_zip)), local)


def test_a_corrupted_csv_on_the_server_is_an_error_naming_it(release_dir):
    path = release_dir / "data" / "claims.csv"
    data = bytearray(path.read_bytes())
    data[-10] = ord("X") if data[-10] != ord("X") else ord("Y")  # one byte flipped: same size
    path.write_bytes(bytes(data))
    with serve(release_dir.parent) as url, pytest.raises(autodefensas.LoadError) as raised:
        autodefensas.load(f"{url}{release_dir.name}/datapackage.json")
    message = str(raised.value)
    assert message.startswith(f"{url}{release_dir.name}/data/claims.csv: its sha256 is ")
    assert "download it again" in message


def test_a_missing_csv_on_the_server_is_a_404_naming_it(release_dir):
    (release_dir / "data" / "actors.csv").unlink()
    with serve(release_dir.parent) as url, pytest.raises(autodefensas.LoadError,
                                                         match=r"/data/actors.csv: the server answered 404"):
        autodefensas.load(f"{url}{release_dir.name}/datapackage.json")


def test_a_wrong_address_is_a_404(served):
    with pytest.raises(autodefensas.LoadError, match=r"v9.9.9/datapackage.json: the server answered 404 .*"
                                                     r"check the address"):
        autodefensas.load(f"{served}v9.9.9/datapackage.json")


def test_an_html_page_is_not_a_package(tmp_path):
    (tmp_path / "index.html").write_text("<!DOCTYPE html><html><body>Releases</body></html>", "utf-8")
    with serve(tmp_path) as url, pytest.raises(autodefensas.LoadError, match="is an HTML page, not a package"):
        autodefensas.load(f"{url}index.html")


def test_a_server_that_is_not_there(tmp_path):
    with serve(tmp_path) as url:
        pass  # the server has stopped: its port refuses connections
    with pytest.raises(autodefensas.LoadError, match=r"cannot be reached.*check the address"):
        autodefensas.load(f"{url}datapackage.json")


@pytest.mark.parametrize("where", [0.2, 0.5, 0.8])
def test_a_damaged_zip_is_an_error(release_zip, tmp_path, where):
    import zipfile

    # zeros inside a compressed stream: a bad CRC or a zlib error, depending on where they land
    damaged = tmp_path / release_zip.name
    data = bytearray(release_zip.read_bytes())
    with zipfile.ZipFile(release_zip) as archive:
        info = archive.getinfo(f"{folder_of(release_zip)}/data/claims.csv")
    middle = info.header_offset + 100 + int(info.compress_size * where)
    data[middle:middle + 50] = bytes(50)  # inside the claims' compressed stream
    damaged.write_bytes(bytes(data))
    with pytest.raises(autodefensas.LoadError, match=r"data/claims.csv in .* cannot be read .*download it again"):
        autodefensas.load(damaged)


def test_a_zip_that_is_not_a_release(tmp_path):
    import zipfile

    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a/b/c.txt", "nothing")
    with pytest.raises(autodefensas.LoadError, match=r"holds no datapackage\.json .*release archive"):
        autodefensas.load(path)
