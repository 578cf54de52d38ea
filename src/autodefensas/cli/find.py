"""find: the existing incidents a new report may belong to."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .. import paths
from ..contrib.find import FindError, Search, search
from ..paths import NotADatasetError
from ..versions import VersionError, open_version
from .common import ROOT, app, fail_usage, internal_error

LOOSEN = ("Loosen the search: a month or a year instead of a day (--date 2014-01), the state instead of the "
          "place (--state MX-MIC), another spelling, or fewer criteria.")


@app.command("find")
def find_command(
    date: str | None = typer.Option(None, "--date", "-d",
                                    help="A date as claims write it: 2015-01-06, 2013-08-05/2013-08-07, "
                                         "2013-W32, 2014-12 or 2014."),
    state: str | None = typer.Option(None, "--state", "-s", help="A state's ISO 3166-2 code, e.g. MX-MIC."),
    place: str | None = typer.Option(None, "--place", "-p",
                                     help="A state, municipality or locality, accents and case aside."),
    actor: str | None = typer.Option(None, "--actor", "-a", help="An actor's name or alias, fuzzily."),
    limit: int = typer.Option(10, "--limit", "-n", help="List at most this many incidents."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
    root: Path = ROOT,
) -> None:
    """List the incidents a new report may belong to, best first, each with why it matched.

    Searches the committed package (datapackage.json, data/): works while your new sheet is a draft that does not build.

    Exit 0 when something matched, 1 when nothing did, 2 for a usage error.
    """
    if fmt not in ("text", "json"):
        fail_usage(f"unknown format {fmt!r}; formats are text, json")
    try:
        paths.check_root(root)
        package = open_version(root / paths.DESCRIPTOR, root)
        from ..tableschema.schema import load_schemas

        found = search(package, date=date, state=state, place=place, actor=actor,
                       gazetteer=load_schemas(root).gazetteer, limit=limit)
    except (NotADatasetError, VersionError, FindError) as exc:
        fail_usage(str(exc))
    except Exception as exc:
        internal_error(exc)
    criteria = {"date": date, "state": state, "place": place, "actor": actor}
    typer.echo(_json(found, criteria) if fmt == "json" else _text(found, criteria))
    raise typer.Exit(0 if found.matches else 1)


def _given(criteria: dict[str, str | None]) -> str:
    return " ".join(f"--{name} {value!r}" for name, value in criteria.items() if value)


def _text(found: Search, criteria: dict[str, str | None]) -> str:
    lines = list(found.notes)
    if not found.matches:
        lines.append(f"No incident of the {found.searched} matches {_given(criteria)}. {LOOSEN}")
        return "\n".join(lines)
    which = f"the best {len(found.matches)}:" if found.matched > len(found.matches) else "best first:"
    lines.append(f"{found.matched} of {found.searched} incidents match {_given(criteria)}; {which}")
    for rank, match in enumerate(found.matches, start=1):
        lines += ["", f"{rank}. {match.incident_id}  (score {match.score:.2f})", f"   {match.title}"]
        lines += [f"   - {reason}" for reason in match.reasons]
    return "\n".join(lines)


def _json(found: Search, criteria: dict[str, str | None]) -> str:
    out = {"criteria": {k: v for k, v in criteria.items() if v is not None}, "notes": list(found.notes),
           "searched": found.searched, "matched": found.matched,
           "matches": [{"incident_id": m.incident_id, "title": m.title, "score": m.score, "reasons": list(m.reasons)}
                       for m in found.matches]}
    return json.dumps(out, ensure_ascii=False, indent=2)
