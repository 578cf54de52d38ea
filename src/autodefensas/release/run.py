"""plan_release() and release(): from a clean, verified checkout to a commit, a tag and an archive.

The plan: refuse a checkout that cannot be released (not git, a detached HEAD, no git
identity, uncommitted or untracked files, no changelog, a failing verify); find the last
release tag reachable from HEAD; with none, the first release takes the version
schemas/package.json declares; else the bump the diff against that tag requires (or the
higher one asked). The release: version and date into schemas/package.json, the
changelog's Unreleased section under the version, build, verify, commit "Release X.Y.Z",
tag vX.Y.Z with the notes, the archive in dist/, then "X.Y.Z+dev", build, commit
"Start X.Y.Z+dev". A failure at any step undoes every earlier one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from .. import paths
from ..report import Report
from . import gitrepo
from .bump import Bump, BumpError, choose, next_version, required_bump, tag_of
from .gitrepo import ReleaseError
from .metadata import package_version, release_of, set_development, set_release
from .notes import ChangelogError, data_summary, release_notes, released, rewrite, unreleased

Notify = Callable[[str], None]


class VerifyFailed(ReleaseError):
    """verify found errors: a release of this data is refused (the report says which)."""

    def __init__(self, message: str, report: Report):
        super().__init__(message)
        self.report = report


@dataclass
class Plan:
    version: str  # the release: "0.2.0"
    since: str | None  # the last release ("0.1.0"); None for the first
    level: str | None  # the bump chosen; None for the first release
    required: Bump  # what the changes since the last release require, with the reasons
    day: date
    notes: str
    branch: str
    dry_run: bool = True
    commits: list[tuple[str, str]] = field(default_factory=list)  # (commit, message) made
    archive: Path | None = None

    @property
    def tag(self) -> str:
        return tag_of(self.version)

    def describe(self) -> str:
        """The plan (and what a real run made) as the command prints it."""
        if self.since is None:
            why = self.required.reasons[0] if self.required.reasons else "first release"
            lines = [f"Release {self.version} ({why}), dated {self.day.isoformat()}"]
        else:
            asked = "" if self.level == self.required.level else f", asked; the changes require {self.required.level}"
            lines = [f"Release {self.version} ({self.level} bump since {self.since}{asked}), "
                     f"dated {self.day.isoformat()}",
                     f"Why {self.required.level}:"] + [f"  - {reason}" for reason in self.required.reasons]
        if self.dry_run:
            lines[0] += ": dry run, nothing written"
        lines += ["", "Release notes:", "", self.notes.rstrip()]
        if self.commits:
            lines += ["", f"Committed \"{self.commits[0][1]}\" ({self.commits[0][0][:7]}) and tagged it {self.tag}"]
            if self.archive is not None:
                lines.append(f"Wrote {paths.archive(self.version)}")
            lines += [f"Committed \"{message}\" ({commit[:7]})" for commit, message in self.commits[1:]]
            lines.append(f"Nothing is pushed yet: git push origin {self.branch} {self.tag}")
        return "\n".join(lines)


def _tell(notify: Notify | None, line: str) -> None:
    if notify:
        notify(line)


def verify_all(root: Path, notify: Notify | None = None) -> Report:
    """verify with every layer, as CI runs it."""
    from ..verify import verify  # verify pulls in the engines: only when a release is planned

    return verify(root, notify=notify)


def _refuse_failing(root: Path, report: Report, what: str) -> None:
    if not report.ok:
        raise VerifyFailed(f"{what}: verify found errors (listed above); fix them, commit, and release again",
                           report)


def _changelog(root: Path) -> str:
    path = root / paths.CHANGELOG
    if not path.is_file():
        raise ReleaseError(f"there is no {paths.CHANGELOG} at {root.resolve()}: create it with a "
                           "\"## Unreleased\" section that says what this release changes")
    return path.read_text("utf-8")


def _last_created(root: Path, since: str) -> date | None:
    raw = gitrepo.show(root, tag_of(since), paths.REFERENCE_TABLES["package"])
    try:
        created = json.loads(raw or b"{}").get("created")
        return datetime.fromisoformat(created.replace("Z", "+00:00")).date() if created else None
    except (ValueError, AttributeError):
        return None


def _checked(root: Path) -> str:
    """The branch, after the checks that need no build: git, a branch, an identity, a clean tree."""
    gitrepo.require_checkout(root)
    name = gitrepo.branch(root)
    missing = gitrepo.identity_missing(root)
    if missing:
        raise ReleaseError(missing)
    dirty = gitrepo.dirty_files(root)
    if dirty:
        listed = "\n".join(f"  {line}" for line in dirty[:50])
        more = f"\n  ... and {len(dirty) - 50} more" if len(dirty) > 50 else ""
        raise ReleaseError(f"the tree has uncommitted or untracked files; a release commits only what it "
                           f"writes itself:\n{listed}{more}\ncommit them (or remove them, or add them to "
                           ".gitignore), then release again")
    if not gitrepo.ignored(root, paths.archive("0.0.0")):
        # else the archive would be committed with the next version, or block the next release
        raise ReleaseError(f"git does not ignore {paths.DIST}/, where the release archive goes: add the line "
                           f"/{paths.DIST}/ to .gitignore and commit it, then release again")
    return name


def plan_release(root: Path | str = ".", bump: str = "auto", day: date | None = None,
                 notify: Notify | None = None) -> Plan:
    """What a release now would be (version, bump and why, notes); writes nothing.

    Raises ReleaseError (and VerifyFailed, BumpError, ChangelogError, both ValueErrors,
    and VersionError) with the reason when the checkout cannot be released.
    """
    from ..contrib.diff import diff
    from ..versions import open_version

    try:
        root = paths.check_root(root)
    except paths.NotADatasetError as exc:
        raise ReleaseError(str(exc)) from None
    choose(Bump("patch"), bump)  # an unknown --bump is refused before anything slow
    day = day or datetime.now(UTC).date()
    name = _checked(root)
    changelog = _changelog(root)
    said = unreleased(changelog)  # a changelog without the section is refused before anything slow
    since = gitrepo.last_release(root)
    if since is None:
        version = release_of(package_version(root))
        if bump != "auto":
            raise BumpError(f"there is no release tag yet, so the first release takes the version "
                            f"{paths.REFERENCE_TABLES['package']} declares ({version}), not --bump {bump}: "
                            "edit the version there to release another")
        if released(changelog, version):
            raise ReleaseError(f"{paths.CHANGELOG} has \"{released(changelog, version)}\" but no tag "
                               f"{tag_of(version)} is reachable from HEAD: the tag is missing here; fetch it "
                               "(git fetch --tags) and release again")
    _tell(notify, "Verifying the package (every layer)...")
    _refuse_failing(root, verify_all(root), "release refused")
    if since is None:
        head = open_version("HEAD", root)
        required = Bump(None, [f"first release: the version {paths.REFERENCE_TABLES['package']} declares"])
        summary, level = data_summary(None, rows={t: len(rows) for t, rows in head.tables.items()}), None
    else:
        _tell(notify, f"Comparing with {tag_of(since)}...")
        changes = diff(tag_of(since), "HEAD", root)
        required = required_bump(changes, said)
        level = choose(required, bump, since=since)
        last_day = _last_created(root, since)
        if last_day and day < last_day:
            raise ReleaseError(f"the release date {day} is before {since}'s ({last_day}): pass a later --date")
        version = next_version(since, level)
        summary = data_summary(changes, since=since, version=version)
    if gitrepo.tag_exists(root, tag_of(version)):
        raise ReleaseError(f"the tag {tag_of(version)} exists already but is not reachable from HEAD: "
                           "release from the branch it is on, or ask for a higher --bump")
    if released(changelog, version):
        raise ChangelogError(f"{paths.CHANGELOG} already has a section \"{released(changelog, version)}\"")
    notes = release_notes(said, summary)
    return Plan(version, since, level, required, day, notes, name)


def _build(root: Path, notify: Notify | None) -> None:
    from ..build import build

    report = build(root, notify=notify)
    if not report.ok:
        raise VerifyFailed("the build found errors", report)


def _expected() -> tuple[type[BaseException], ...]:
    """The errors a step may raise on bad input or a broken environment (not bugs)."""
    from ..build import JournalError, LockError
    from ..versions import VersionError
    from .archive import ArchiveError

    return ReleaseError, OSError, LockError, JournalError, VersionError, ArchiveError, ValueError


def release(root: Path | str = ".", bump: str = "auto", day: date | None = None, dry_run: bool = False,
            notify: Notify | None = None) -> Plan:
    """Plan the release and, unless dry_run, make it: commit, tag, archive, then the +dev commit.

    A failure at any step undoes the earlier ones (files, commits, tag, archive) and raises a
    ReleaseError (a VerifyFailed when verify or the build found errors) that says so.
    """
    root = Path(root)
    plan = plan_release(root, bump, day, notify)
    plan.dry_run = dry_run
    if dry_run:
        return plan
    before = gitrepo.head(root)
    archive = root / paths.archive(plan.version)
    old_archive = archive.read_bytes() if archive.is_file() else None
    step = "starting"
    try:
        step = f"writing {plan.version} into {paths.REFERENCE_TABLES['package']} and {paths.CHANGELOG}"
        set_release(root, plan.version, plan.day)
        changelog = root / paths.CHANGELOG
        changelog.write_text(rewrite(changelog.read_text("utf-8"), plan.version, plan.day, plan.notes), "utf-8")
        step = "building the release"
        _tell(notify, f"Building {plan.version}...")
        _build(root, notify)
        step = "verifying the release"
        _tell(notify, f"Verifying {plan.version}...")
        _refuse_failing(root, verify_all(root), f"release {plan.version} stopped")
        step = "committing the release"
        message = f"Release {plan.version}"
        plan.commits.append((gitrepo.commit(root, message), message))
        step = f"tagging {plan.tag}"
        gitrepo.make_tag(root, plan.tag, f"autodefensas {plan.version} — {plan.day.isoformat()}\n\n{plan.notes}")
        step = "making the archive"
        _tell(notify, f"Writing {paths.archive(plan.version)}...")
        from .archive import make_archive  # the archive module: zip layout and checksums

        plan.archive = make_archive(root)
        step = f"starting {plan.version}+dev"
        set_development(root, plan.version)
        _build(root, notify)
        message = f"Start {plan.version}+dev"
        plan.commits.append((gitrepo.commit(root, message), message))
    except BaseException as exc:
        undone = gitrepo.undo(root, before, plan.tag)
        if old_archive is not None:
            archive.write_bytes(old_archive)
        elif archive.is_file():
            archive.unlink()
            undone.append(f"removed {paths.archive(plan.version)}")
        said = f"the release of {plan.version} stopped while {step}; undone: {', '.join(undone)}"
        if isinstance(exc, VerifyFailed):
            raise VerifyFailed(f"{said}. {exc}", exc.report) from exc
        if isinstance(exc, _expected()):
            raise ReleaseError(f"{said}. {exc}") from exc
        if isinstance(exc, Exception):  # a bug of ours: the tree is back as it was all the same
            raise ReleaseError(f"{said}. {type(exc).__name__}: {exc} (a bug in autodefensas: please report "
                               "it with the command you ran)") from exc
        raise  # an interrupt, after the undo
    return plan
