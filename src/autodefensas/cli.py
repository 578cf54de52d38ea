"""The `autodefensas` command: a thin layer over build() and verify()."""

from __future__ import annotations

import os
import traceback
from pathlib import Path

import typer

from .build import JournalError, LockError, build
from .paths import NotADatasetError
from .report import FORMATS
from .report.catalogue import LAYERS as RULE_LAYERS
from .rulelist import list_rules
from .verify import LAYER_NAMES, UnknownLayerError, verify

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Rebuild and verify the autodefensas data package.")

ROOT = typer.Option(Path("."), "--root", help="The dataset checkout (the folder with seeds/ and schemas/).")


def _fail_usage(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _notify(line: str) -> None:
    """Waiting for the lock, recovering an interrupted build: said even with --quiet."""
    typer.echo(line, err=True)


def _write_failed(exc: OSError) -> None:
    # write_files notes how far it got: old outputs intact, or switched (now or later)
    state = "; ".join(getattr(exc, "__notes__", [])) or "the previous ones are intact"
    typer.echo(f"error: could not write the outputs: {exc} ({state})", err=True)
    raise typer.Exit(2)


def _internal_error(exc: Exception) -> None:
    if os.environ.get("AUTODEFENSAS_DEBUG"):
        traceback.print_exc()
    typer.echo(f"internal error: {type(exc).__name__}: {exc}\n"
               "This is a bug in autodefensas, not in your data: please report it with the command you ran "
               "(set AUTODEFENSAS_DEBUG=1 to print the traceback).", err=True)
    raise typer.Exit(2)


@app.command("build")
def build_command(root: Path = ROOT) -> None:
    """Rebuild data/, datapackage.json, docs/codebook.md and docs/rules.md from seeds/."""
    try:
        report = build(root, notify=_notify)
    except (NotADatasetError, LockError, JournalError) as exc:
        _fail_usage(str(exc))
    except OSError as exc:
        _write_failed(exc)
    except Exception as exc:
        _internal_error(exc)
    if report.ok:
        typer.echo("Built data/, datapackage.json, docs/codebook.md and docs/rules.md.")
        return
    typer.echo(report.format_text())
    typer.echo("Nothing was written: fix the coding problems above and build again.")
    raise typer.Exit(1)


@app.command("verify")
def verify_command(
    root: Path = ROOT,
    layer: list[str] = typer.Option(list(LAYER_NAMES), "--layer", "-l",
                                    help=f"Layer to run (repeatable): {', '.join(LAYER_NAMES)}."),
    fmt: str = typer.Option("text", "--format", "-f", help=f"Report format: {', '.join(FORMATS)}."),
    data_docs: Path | None = typer.Option(None, "--data-docs", help="Folder for the quality layer's Data Docs HTML."),
    baseline: str = typer.Option("HEAD", "--baseline",
                                 help="Git ref whose rows may not disappear without a withdrawal ('' to skip)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress lines on stderr."),
    contract_engine: str = typer.Option("fast", "--contract-engine",
                                        help="fast (polars and pandera) or frictionless (the reference, slower)."),
) -> None:
    """Rebuild in memory and check every layer; exit 0 clean, 1 problems found, 2 usage error."""
    if fmt not in FORMATS:
        _fail_usage(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    progress = None if quiet else (lambda line: typer.echo(line, err=True))
    try:
        report = verify(root, tuple(layer), progress=progress, docs_dir=data_docs, baseline=baseline or None,
                        contract_engine=contract_engine, notify=_notify)
    except (NotADatasetError, UnknownLayerError, LockError, JournalError) as exc:
        _fail_usage(str(exc))
    except (OSError, ImportError) as exc:
        typer.echo(f"error: the environment failed: {exc}", err=True)
        raise typer.Exit(2) from None
    except Exception as exc:  # a bug of ours: say so plainly, traceback on request
        _internal_error(exc)
    typer.echo(report.format(fmt))
    raise typer.Exit(0 if report.ok else 1)


@app.command("draft")
def draft_command(
    text: Path = typer.Argument(..., help="The article text, seeds/<source_id>.txt."),
    published: str = typer.Option(..., "--published", help="Its publication date, YYYY-MM-DD."),
    publisher: str | None = typer.Option(None, "--publisher", help="Who published it (else null, to review)."),
    root: Path = ROOT,
    output: str | None = typer.Option(None, "--output", "-o",
                                      help="Write the draft here instead of seeds/<source_id>.yaml ('-': stdout)."),
) -> None:
    """Draft a coding sheet from a new article: every claim a proposal to review."""
    from .contrib.draft import DraftError, draft, summary

    try:
        result = draft(root, text, published, publisher, output)
    except (NotADatasetError, DraftError) as exc:
        _fail_usage(str(exc))
    except Exception as exc:
        _internal_error(exc)
    if result.path is None:
        typer.echo(result.sheet, nl=False)
    typer.echo(summary(result), err=result.path is None)


@app.command("rules")
def rules_command(
    layer: str | None = typer.Option(None, "--layer", "-l", help=f"Only this layer's rules: {', '.join(RULE_LAYERS)}."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """List every rule verify and build can report: id, severity, meaning and fix."""
    try:
        typer.echo(list_rules(layer, fmt))
    except ValueError as exc:
        _fail_usage(str(exc))
