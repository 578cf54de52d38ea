"""cite: how to cite the version of the package you used."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .. import paths
from ..load import default_package
from ..release.cite import FORMATS, NotReleasedError, citation
from .common import app, fail_usage


@app.command("cite")
def cite_command(
    package: Path | None = typer.Argument(None, help="A package folder or its datapackage.json "
                                                     "(default: the package installed with the toolkit)."),
    fmt: str = typer.Option("text", "--format", "-f", help=f"{' or '.join(FORMATS)}."),
) -> None:
    """Print how to cite a released version of the package (text or BibTeX)."""
    if fmt not in FORMATS:
        fail_usage(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    path = default_package() if package is None else package
    if path.is_dir():
        path = path / paths.DESCRIPTOR
    try:
        descriptor = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        fail_usage(f"{path}: not a readable datapackage.json ({exc})")
    try:
        typer.echo(citation(descriptor, fmt), nl=False)
    except NotReleasedError as exc:
        fail_usage(str(exc))
