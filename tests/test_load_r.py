"""R users read a release by URL with frictionless (frictionless-r): read_package(url) of
the fixture dataset's release served on 127.0.0.1, every resource read, write_package()
to a folder, that copy read back: the same rows and column classes, which follow the
Table Schemas. Skipped where Rscript or the frictionless R package is missing."""

import json
import shutil
import subprocess

import pytest

from autodefensas.paths import TABLES

SCRIPT = r"""
suppressPackageStartupMessages(library(frictionless))
args <- commandArgs(trailingOnly = TRUE)
package <- read_package(args[1])
tables <- resources(package)
classes <- function(df) paste(vapply(df, function(col) class(col)[1], ""), collapse = ",")
read_all <- function(p) lapply(setNames(tables, tables), function(n) suppressMessages(read_resource(p, n)))
before <- read_all(package)
write_package(package, args[2])
copy <- read_package(file.path(args[2], "datapackage.json"))
after <- read_all(copy)
for (n in tables) {
  cat(n, nrow(before[[n]]), nrow(after[[n]]), classes(before[[n]]), classes(after[[n]]), sep = "\t")
  cat("\n")
}
"""
# The class R's frictionless gives a column of each Table Schema type (an enum: a factor).
R_CLASS = {"string": "character", "integer": "numeric", "number": "numeric", "date": "Date", "boolean": "logical"}


def r_frictionless() -> str:
    """The frictionless R package's version, or why the test cannot run."""
    if shutil.which("Rscript") is None:
        pytest.skip("Rscript is not installed (R's frictionless round trip not checked)")
    done = subprocess.run(["Rscript", "-e", 'cat(as.character(packageVersion("frictionless")))'],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip("the frictionless R package is not installed (R's frictionless round trip not checked)")
    return done.stdout.strip()


def expected_classes(schema: dict) -> str:
    return ",".join("factor" if "enum" in f.get("constraints", {}) else R_CLASS[f.get("type", "string")]
                    for f in schema["fields"])


def test_r_reads_a_release_by_url_and_writes_a_copy_it_reads_back(served, release_zip, built, tmp_path):
    r_frictionless()
    import autodefensas

    url = f"{served}{release_zip.name.removesuffix('.zip')}/datapackage.json"
    done = subprocess.run(["Rscript", "-e", SCRIPT, url, str(tmp_path / "copy")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in done.stdout.splitlines() if "\t" in line}
    assert set(rows) == set(TABLES)
    tables = autodefensas.load(built)
    descriptor = json.loads((built / "datapackage.json").read_text("utf-8"))
    schemas = {r["name"]: r["schema"] if isinstance(r["schema"], dict)
               else json.loads((built / r["schema"]).read_text("utf-8")) for r in descriptor["resources"]}
    for name in TABLES:
        before, after, classes_before, classes_after = rows[name]
        assert int(before) == int(after) == len(tables[name]), name
        assert classes_before == classes_after == expected_classes(schemas[name]), name
