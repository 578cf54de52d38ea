"""Write the outputs all or nothing: a failure leaves the previous ones in place."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .. import paths


def write_files(root: Path, files: dict[str, bytes]) -> None:
    """Everything is written to a staging folder first; then each target (data/ as a
    whole, each other file) is swapped in by renames, the old one kept aside until all
    succeeded. On any error, the swaps done so far are undone.
    """
    root = Path(root)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    new, old = staging / "new", staging / "old"
    try:
        for rel, data in files.items():
            target = new / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        targets = sorted({paths.DATA if rel.startswith(f"{paths.DATA}/") else rel for rel in files})
        swapped: list[str] = []
        try:
            for rel in targets:
                (old / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                if (root / rel).exists():
                    os.replace(root / rel, old / rel)
                swapped.append(rel)
                os.replace(new / rel, root / rel)
        except BaseException:
            for rel in reversed(swapped):  # undo: put every old target back
                if (root / rel).is_dir():
                    shutil.rmtree(root / rel)
                elif (root / rel).exists():
                    (root / rel).unlink()
                if (old / rel).exists():
                    os.replace(old / rel, root / rel)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
