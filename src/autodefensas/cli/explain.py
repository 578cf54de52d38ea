"""explain: why an incident's derived fields have their values, and what moved them."""

from __future__ import annotations

from pathlib import Path

import typer

from ..contrib.explain import UnknownIncident, explain
from ..contrib.explain_format import FORMATS, format_explanation
from ..versions import VersionError, open_version
from .common import ROOT, app, fail_usage, internal_error


@app.command("explain")
def explain_command(
    incident_id: str = typer.Argument(..., help="The incident, as in data/incidents.csv."),
    against: str | None = typer.Option(None, "--against",
                                       help="Compare with a git ref, a checkout or a package folder."),
    fmt: str = typer.Option("text", "--format", "-f", help=f"Output format: {', '.join(FORMATS)}."),
    root: Path = ROOT,
) -> None:
    """Every derived field of an incident: its value, the rule step and the claims behind it, the
    claims set aside and why; with --against, each value before and after and the claims that moved it."""
    if fmt not in FORMATS:
        fail_usage(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    try:
        version = open_version(None, root)
        other = open_version(against, root) if against is not None else None
        typer.echo(format_explanation(explain(version, incident_id, other), fmt), nl=False)
    except (VersionError, UnknownIncident) as exc:
        fail_usage(str(exc))
    except Exception as exc:
        internal_error(exc)
