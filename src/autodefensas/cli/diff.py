"""diff: what a contribution (or a release) changes, row by row."""

from __future__ import annotations

from pathlib import Path

import typer

from ..contrib.diff import FORMATS, diff, format_diff
from ..versions import VersionError
from .common import ROOT, app, fail_usage, internal_error


@app.command("diff")
def diff_command(
    base: str | None = typer.Argument(None, help="The version to compare from: a git ref, a dataset checkout or "
                                                 "a package folder (default: main, else origin/main)."),
    head: str | None = typer.Argument(None, help="The version to compare to (default: the checkout at --root, "
                                                 "built in memory with uncommitted and untracked seeds)."),
    fmt: str = typer.Option("text", "--format", "-f", help=f"Output format: {', '.join(FORMATS)}."),
    root: Path = ROOT,
) -> None:
    """Rows added, removed and changed per table, incidents whose figures moved and why, schema changes.

    Exit 0 whether or not there are changes (a diff is not a failure), 2 on a usage error.
    """
    if fmt not in FORMATS:
        fail_usage(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    try:
        result = diff(base, head, root)
    except VersionError as exc:
        fail_usage(str(exc))
    except Exception as exc:  # a bug of ours: say so plainly, traceback on request
        internal_error(exc)
    typer.echo(format_diff(result, fmt))
