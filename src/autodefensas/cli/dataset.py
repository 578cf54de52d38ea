"""build, verify and rules: the commands that make and check the package."""

from __future__ import annotations

from pathlib import Path

import typer

from ..build import JournalError, LockError, build
from ..paths import NotADatasetError
from ..report import FORMATS
from ..report.catalogue import LAYERS as RULE_LAYERS
from ..rulelist import list_rules
from ..verify import LAYER_NAMES, UnknownLayerError, verify
from ..verify.release import PACKAGE_LAYER_NAMES, PackageError, verify_package
from .common import ROOT, app, fail_usage, internal_error, notify, write_failed


@app.command("build")
def build_command(root: Path = ROOT) -> None:
    """Rebuild data/, datapackage.json, docs/, CITATION.cff and .zenodo.json from seeds/ and schemas/."""
    try:
        report = build(root, notify=notify)
    except (NotADatasetError, LockError, JournalError) as exc:
        fail_usage(str(exc))
    except OSError as exc:
        write_failed(exc)
    except Exception as exc:
        internal_error(exc)
    if report.ok:
        typer.echo("Built data/, datapackage.json, docs/codebook.md, docs/rules.md, CITATION.cff and .zenodo.json.")
        return
    typer.echo(report.format_text())
    typer.echo("Nothing was written: fix the coding problems above and build again.")
    raise typer.Exit(1)


@app.command("verify")
def verify_command(
    root: Path = ROOT,
    layer: list[str] = typer.Option(list(LAYER_NAMES), "--layer", "-l",
                                    help=f"Layer to run (repeatable): {', '.join(LAYER_NAMES)}; with --package: "
                                         f"{', '.join(PACKAGE_LAYER_NAMES)}."),
    fmt: str = typer.Option("text", "--format", "-f", help=f"Report format: {', '.join(FORMATS)}."),
    data_docs: Path | None = typer.Option(None, "--data-docs", help="Folder for the quality layer's Data Docs HTML."),
    baseline: str = typer.Option("HEAD", "--baseline",
                                 help="Git ref whose rows may not disappear without a withdrawal ('' to skip)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress lines on stderr."),
    contract_engine: str = typer.Option("fast", "--contract-engine",
                                        help="fast (polars and pandera) or frictionless (the reference, slower)."),
    package: Path | None = typer.Option(None, "--package",
                                        help="Check a downloaded release instead of the checkout: its zip or the "
                                             "folder it unzips to (layers release, contract, rules, quality)."),
) -> None:
    """Rebuild in memory and check every layer; exit 0 clean, 1 problems found, 2 usage error."""
    if fmt not in FORMATS:
        fail_usage(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    if package is not None and baseline != "HEAD":
        fail_usage("--baseline compares a checkout with its git history; a --package has none")
    progress = None if quiet else (lambda line: typer.echo(line, err=True))
    try:
        if package is not None:
            layers = PACKAGE_LAYER_NAMES if layer == list(LAYER_NAMES) else tuple(layer)
            report = verify_package(package, layers, progress=progress, docs_dir=data_docs,
                                    contract_engine=contract_engine)
        else:
            report = verify(root, tuple(layer), progress=progress, docs_dir=data_docs, baseline=baseline or None,
                            contract_engine=contract_engine, notify=notify)
    except (NotADatasetError, UnknownLayerError, LockError, JournalError, PackageError) as exc:
        fail_usage(str(exc))
    except (OSError, ImportError) as exc:
        typer.echo(f"error: the environment failed: {exc}", err=True)
        raise typer.Exit(2) from None
    except Exception as exc:  # a bug of ours: say so plainly, traceback on request
        internal_error(exc)
    typer.echo(report.format(fmt))
    raise typer.Exit(0 if report.ok else 1)


@app.command("rules")
def rules_command(
    layer: str | None = typer.Option(None, "--layer", "-l", help=f"Only this layer's rules: {', '.join(RULE_LAYERS)}."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """List every rule verify and build can report: id, severity, meaning and fix."""
    try:
        typer.echo(list_rules(layer, fmt))
    except ValueError as exc:
        fail_usage(str(exc))
