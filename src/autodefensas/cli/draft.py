"""draft: a first coding sheet from a new article."""

from __future__ import annotations

from pathlib import Path

import typer

from ..paths import NotADatasetError
from .common import ROOT, app, fail_usage, internal_error


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
    from ..contrib.draft import DraftError, draft, summary

    try:
        result = draft(root, text, published, publisher, output)
    except (NotADatasetError, DraftError) as exc:
        fail_usage(str(exc))
    except Exception as exc:
        internal_error(exc)
    if result.path is None:
        typer.echo(result.sheet, nl=False)
    typer.echo(summary(result), err=result.path is None)
