"""The `autodefensas` command: a thin layer over the library, one module per group of commands.

This module holds the Typer app and what every command shares (the --root option, how a
usage error, a failed write or a bug is told); each command module registers itself on `app`.
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Rebuild and verify the autodefensas data package, and the contributor's tools around it.")

ROOT = typer.Option(Path("."), "--root", help="The dataset checkout (the folder with seeds/ and schemas/).")


def fail_usage(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def notify(line: str) -> None:
    """Waiting for the lock, recovering an interrupted build: said even with --quiet."""
    typer.echo(line, err=True)


def write_failed(exc: OSError) -> None:
    # write_files notes how far it got: old outputs intact, or switched (now or later)
    state = "; ".join(getattr(exc, "__notes__", [])) or "the previous ones are intact"
    typer.echo(f"error: could not write the outputs: {exc} ({state})", err=True)
    raise typer.Exit(2)


def internal_error(exc: Exception) -> None:
    if os.environ.get("AUTODEFENSAS_DEBUG"):
        traceback.print_exc()
    typer.echo(f"internal error: {type(exc).__name__}: {exc}\n"
               "This is a bug in autodefensas, not in your data: please report it with the command you ran "
               "(set AUTODEFENSAS_DEBUG=1 to print the traceback).", err=True)
    raise typer.Exit(2)


