"""The `autodefensas` command: a thin layer over build() and verify()."""

from __future__ import annotations

from pathlib import Path

import typer

from .build import NotADatasetError, build
from .verify import LAYERS, verify

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Rebuild and verify the autodefensas data package.")

ROOT = typer.Option(Path("."), "--root", help="The dataset checkout (the folder with seeds/ and schemas/).")


def _fail_usage(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


@app.command("build")
def build_command(root: Path = ROOT) -> None:
    """Rebuild data/, datapackage.json and docs/codebook.md from seeds/."""
    try:
        report = build(root)
    except NotADatasetError as exc:
        _fail_usage(str(exc))
    if report.ok:
        typer.echo("Built data/, datapackage.json and docs/codebook.md.")
        return
    typer.echo(report.format_text())
    typer.echo("Nothing was written: fix the coding problems above and build again.")
    raise typer.Exit(1)


@app.command("verify")
def verify_command(
    root: Path = ROOT,
    layer: list[str] = typer.Option(list(LAYERS), "--layer", "-l",
                                    help=f"Layer to run (repeatable): {', '.join(LAYERS)}."),
) -> None:
    """Rebuild in memory and check every layer; exit 1 when anything is wrong."""
    try:
        report = verify(root, tuple(layer))
    except (NotADatasetError, ValueError) as exc:
        _fail_usage(str(exc))
    typer.echo(report.format_text())
    raise typer.Exit(0 if report.ok else 1)
