"""archive: the release archive of the built package, as users download it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import typer

from ..release.archive import ArchiveError, make_archive
from .common import ROOT, app, fail_usage, internal_error


@app.command("archive")
def archive_command(
    root: Path = ROOT,
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Folder to write the zip into (default: dist/ under --root)."),
) -> None:
    """Write dist/autodefensas-X.Y.Z.zip from the built package; print its sha256 and path.

    The same package gives the same bytes. Build (and verify) first: the archive holds
    what is built, as it is. Exit 0 written, 2 when a file it needs is missing.
    """
    try:
        out = make_archive(root, output)
    except ArchiveError as exc:
        fail_usage(str(exc))
    except OSError as exc:
        typer.echo(f"error: could not write the archive: {exc}", err=True)
        raise typer.Exit(2) from None
    except Exception as exc:  # a bug of ours: say so plainly, traceback on request
        internal_error(exc)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    typer.echo(f"{digest}  {_shown(out)}")


def _shown(path: Path) -> str:
    """The path relative to the working folder when it is below it (as sha256sum would print it)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path.resolve())
