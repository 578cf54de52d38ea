"""Every path of a dataset checkout, relative to its root, in one place.

Paths are POSIX strings (they appear in reports and in the descriptor); join them
to a root with ``root / path``.
"""

from __future__ import annotations

from pathlib import Path

TABLES = ("sources", "actors", "incidents", "claims")  # foreign-key order

SEEDS = "seeds"
REGISTRY = f"{SEEDS}/registry"
REGISTRIES = ("outlets", "actors", "incidents")
WITHDRAWN = f"{REGISTRY}/withdrawn.yaml"
SCHEMAS = "schemas"
REFERENCE_TABLES = {"package": f"{SCHEMAS}/package.json", "event_types": f"{SCHEMAS}/event_types.json",
                    "states": f"{SCHEMAS}/states.json", "roles": f"{SCHEMAS}/roles.json",
                    "gazetteer": f"{SCHEMAS}/gazetteer.json"}
# INEGI's states and municipalities (scripts/gazetteer.py writes it; gazetteer.json says from what).
GAZETTEER = f"{SCHEMAS}/gazetteer.csv"
DATA = "data"
DESCRIPTOR = "datapackage.json"
CODEBOOK = "docs/codebook.md"
RULES_DOC = "docs/rules.md"
CODING_GUIDE = "docs/coding.md"
CHANGELOG = "CHANGELOG.md"
CITATION = "CITATION.cff"
ZENODO = ".zenodo.json"
# Where `autodefensas release` and `autodefensas archive` write the release archive.
DIST = "dist"
CHECKSUMS = "SHA256SUMS"
# What `autodefensas build` writes: never edited by hand, checked by the drift layer.
GENERATED = (DATA, DESCRIPTOR, CODEBOOK, RULES_DOC, CITATION, ZENODO)
# A build's bookkeeping at the root (ignored by git and by verify): the lock file that
# builds serialize on, and the journal that marks a build's commit point until its
# switch to the new outputs is complete (see build/write.py).
LOCK = ".autodefensas.lock"
JOURNAL = ".autodefensas-build.journal"
REGENERATE_HINT = ("data/, datapackage.json, docs/, CITATION.cff and .zenodo.json are generated: undo the hand "
                   "edit (git checkout -- data/ datapackage.json docs/ CITATION.cff .zenodo.json), change seeds/ "
                   "or schemas/ instead, then run "
                   "`autodefensas build`")


def schema(table: str) -> str:
    return f"{SCHEMAS}/{table}.json"


def csv(table: str) -> str:
    return f"{DATA}/{table}.csv"


def archive(version: str) -> str:
    """The release archive of a version, relative to the root: dist/autodefensas-X.Y.Z.zip."""
    return f"{DIST}/{archive_folder(version)}.zip"


def archive_folder(version: str) -> str:
    """The one top folder inside a release archive."""
    return f"autodefensas-{version}"


def registry(name: str) -> str:
    return f"{REGISTRY}/{name}.yaml"


def sheet(source_id: str) -> str:
    return f"{SEEDS}/{source_id}.yaml"


def text(source_id: str) -> str:
    return f"{SEEDS}/{source_id}.txt"


def relative(root: Path, path: Path) -> str:
    """path as a POSIX string relative to root (or as given when it is outside root)."""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


class NotADatasetError(Exception):
    """The folder is not an autodefensas checkout (no seeds/ or schemas/)."""


def check_root(root: Path | str) -> Path:
    root = Path(root)
    missing = [d for d in (SEEDS, SCHEMAS) if not (root / d).is_dir()]
    if missing:
        raise NotADatasetError(
            f"{root.resolve()} is not an autodefensas checkout (no {' or '.join(missing)}/): "
            "run the command from the repository root, or pass --root")
    return root
