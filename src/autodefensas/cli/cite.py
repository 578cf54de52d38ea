"""cite: how to cite the version of the package you used."""

from __future__ import annotations

import typer

from ..load import default_package
from ..load.errors import LoadError
from ..load.source import open_package
from ..release.cite import FORMATS, NotReleasedError, citation
from .common import app, fail_usage


@app.command("cite")
def cite_command(
    package: str | None = typer.Argument(None, help="A release (zip, folder or datapackage.json, or the http(s) "
                                                    "address of one); default: the package installed with the "
                                                    "toolkit."),
    fmt: str = typer.Option("text", "--format", "-f", help=f"{' or '.join(FORMATS)}."),
) -> None:
    """Print how to cite a released version of the package (text or BibTeX)."""
    if fmt not in FORMATS:
        fail_usage(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    try:
        descriptor = open_package(package if package is not None else default_package()).descriptor
        typer.echo(citation(descriptor, fmt), nl=False)
    except (LoadError, NotReleasedError) as exc:
        fail_usage(str(exc))
