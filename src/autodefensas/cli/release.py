"""release and release-notes: the maintainer's commands that make and describe a release."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from ..build import JournalError, LockError
from ..paths import CHANGELOG
from ..release.bump import ASKED, BumpError
from ..release.gitrepo import ReleaseError
from ..release.metadata import VersionFormatError
from ..release.notes import ChangelogError, notes_of
from ..release.run import VerifyFailed, release
from ..versions import VersionError
from .common import ROOT, app, fail_usage, internal_error, notify


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail_usage(f"--date {text!r} is not a date: write it as YYYY-MM-DD (e.g. 2026-12-01)")
    return None


@app.command("release")
def release_command(
    bump: str = typer.Option("auto", "--bump", help=f"{', '.join(ASKED)}: auto takes what the diff "
                                                    "against the last release requires; a lower one is refused."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the version, the bump and why, and the notes; "
                                                          "write nothing."),
    day: str | None = typer.Option(None, "--date", help="The release date, YYYY-MM-DD (default: today, UTC)."),
    root: Path = ROOT,
) -> None:
    """Release the package: version and date, changelog, build, verify, commit, tag vX.Y.Z, dist/ archive,
    then the X.Y.Z+dev commit. Nothing is pushed.

    Exit 0 released (or planned, with --dry-run), 1 refused because verify found errors in the data,
    2 refused for another reason (a dirty tree, no git identity, a bad --bump, nothing to release).
    """
    when = _day(day)
    try:
        plan = release(root, bump, when, dry_run=dry_run, notify=notify)
    except VerifyFailed as exc:
        typer.echo(exc.report.format_text())
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    except (ReleaseError, BumpError, ChangelogError, VersionFormatError, VersionError, LockError,
            JournalError) as exc:
        fail_usage(str(exc))
    except Exception as exc:  # a bug of ours: say so plainly, traceback on request
        internal_error(exc)
    typer.echo(plan.describe())


@app.command("release-notes")
def release_notes_command(
    version: str = typer.Argument(..., help="A released version, X.Y.Z (a leading v is allowed)."),
    root: Path = ROOT,
) -> None:
    """Print the notes of a release from CHANGELOG.md (the GitHub release's text)."""
    path = root / CHANGELOG
    if not path.is_file():
        fail_usage(f"there is no {CHANGELOG} at {root.resolve()}: pass --root, the repository's folder")
    try:
        typer.echo(notes_of(path.read_text("utf-8"), version.removeprefix("v")))
    except ChangelogError as exc:
        fail_usage(str(exc))
