"""README.md of a release folder: what a downloaded zip holds and how to load, check,
cite and reuse it, for whoever has the zip but not the repository (a DOI record's
reader, say). Generated from the descriptor and the files it ships, so it cannot
disagree with them.
"""

from __future__ import annotations

import csv
import io

from .. import paths
from .cite import NotReleasedError, citation
from .metadata import DEV

README = "README.md"


def _rows(data: bytes) -> int:
    return sum(1 for _ in csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def make_release_readme(descriptor: dict, files: dict[str, bytes]) -> bytes:
    """files: the release folder's other files by path (SHA256SUMS aside)."""
    version = str(descriptor.get("version", ""))
    created = str(descriptor.get("created", ""))[:10]
    homepage = str(descriptor.get("homepage", ""))
    folder = paths.archive_folder(version)
    texts = sorted(rel for rel in files if rel.startswith(paths.SEEDS + "/"))
    ref = f"v{version}" if created and not version.endswith(DEV) else "main"  # a +dev build has no tag
    lines = [f"# {descriptor.get('title', folder)}", "",
             f"Version {version}" + (f", released {created}" if created else " (not a release)") + ". "
             + str(descriptor.get("description", "")), ""]
    if homepage:
        lines += [f"Home: {homepage}. Changes between versions: {homepage}/blob/{ref}/CHANGELOG.md.", ""]
    lines += ["## Contents", "", "| file | holds |", "|---|---|",
              "| `datapackage.json` | the Frictionless Data Package descriptor: each table with its Table Schema "
              "(inline), size and sha256; licence, contributors, sources |"]
    for resource in descriptor.get("resources", []):
        rel = resource.get("path")
        if isinstance(rel, str) and rel in files:
            lines.append(f"| `{rel}` | {_rows(files[rel])} rows. {resource.get('description', '')} |")
    lines += [f"| `{paths.SCHEMAS}/` | the Table Schemas and the reference tables the codebook prints "
              "(event types, states, roles, INEGI's gazetteer) |",
              f"| `{paths.CODEBOOK}` | every column, allowed value and derivation rule |",
              f"| `{paths.SEEDS}/*.txt` | the {len(texts)} article texts the claims' quotes and offsets point into |",
              f"| `{paths.CITATION}` | how to cite this version |",
              f"| `{paths.CHECKSUMS}` | the sha256 of every other file |", ""]
    lines += ["## Load", "", "R, with the frictionless package:", "", "```r",
              'package <- frictionless::read_package("datapackage.json")',
              'incidents <- frictionless::read_resource(package, "incidents")', "```", "",
              "Python, with the toolkit that built this version (typed pandas DataFrames):", "", "```sh"]
    lines += [f'pip install "git+{homepage}@{ref}"' if homepage else "pip install autodefensas",
              f"python -c \"import autodefensas; print(autodefensas.load('{folder}').incidents)\"", "```", ""]
    lines += ["## Check", "",
              f"`sha256sum --check {paths.CHECKSUMS}` in this folder checks every file; "
              f"`autodefensas verify --package {folder}` also checks the tables against their schemas and rules, "
              "and every quote against its article text.", ""]
    try:
        cite = citation(descriptor).strip()
        lines += ["## Cite", "", cite, "", f"BibTeX: `autodefensas cite {folder} --format bibtex`.", ""]
    except NotReleasedError:
        pass
    lines += ["## Licence", ""]
    for licence in descriptor.get("licenses", []):
        lines.append(f"- {licence.get('name', '')}: {licence.get('title', '')} <{licence.get('path', '')}>")
    lines.append("")
    return "\n".join(lines).encode("utf-8")
