"""The existing incidents each proposed claim may belong to, from `find` (contrib/find.py):
the claim's context is the nearest date and place proposed before it (else the text's
first), and the best match's incident_id goes on the claim, the candidates in its comment."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ...paths import DESCRIPTOR
from ...tableschema.gazetteer import Gazetteer
from .proposal import Proposal

_MIN_SCORE = 0.5  # below this a candidate is listed, not set


def match_incidents(root: Path, proposals: list[Proposal], gazetteer: Gazetteer | None,
                    published: dt.date) -> tuple[bool, str | None]:
    """Set incident_id on the proposals where find has a good match. Returns (whether find
    ran, the contexts nothing matched, for the new-incident hint)."""
    from ...versions import VersionError, open_version
    from ..find import FindError, find_incidents

    # the committed package: a checkout with another sheet still in draft does not build
    try:
        package = open_version(root / DESCRIPTOR, root)
    except VersionError as exc:
        for p in proposals:
            p.why.append(f"incident: no package to search ({exc}); run `autodefensas build`, then "
                         "`autodefensas find`")
        return False, None
    dates = sorted((p for p in proposals if p.kind == "date"), key=lambda p: p.start)
    places = sorted((p for p in proposals if p.kind == "location"), key=lambda p: p.start)
    cache: dict[tuple, list] = {}
    unmatched: tuple[str, str | None, str | None] | None = None
    for p in proposals:
        found = _context(dates, p)
        date = found.value_text if found and found.value_text else published.isoformat()
        place = _context(places, p)
        state, municipality = _place(place, gazetteer)
        key = (date, state, municipality)
        if key not in cache:
            try:
                cache[key] = find_incidents(package, date=date, state=state, place=municipality,
                                            gazetteer=gazetteer, limit=3)
            except FindError:
                cache[key] = []
        matches = cache[key]
        if matches and matches[0].score >= _MIN_SCORE:
            p.incident_id = matches[0].incident_id
        elif unmatched is None:
            unmatched = key
        for m in matches:
            p.why.append(f"incident candidate {m.incident_id} (score {m.score:.2f}): {'; '.join(m.reasons)}")
        if not matches:
            p.why.append(f"incident: find has none for {date}" + (f" in {place.value_text}" if place else ""))
    return True, None if unmatched is None else _slug(*unmatched)


def _context(proposals: list[Proposal], claim: Proposal) -> Proposal | None:
    before = [p for p in proposals if p.start <= claim.start]
    return before[-1] if before else (proposals[0] if proposals else None)


def _place(place, gazetteer) -> tuple[str | None, str | None]:
    if place is None or gazetteer is None:
        return None, None
    parts = [part.strip() for part in (place.value_text or "").split(",")]
    state = gazetteer.state_of(parts[-1])
    return state, parts[-2] if len(parts) > 1 else None


def _slug(date: str, state: str | None, municipality: str | None) -> str:
    from ...tableschema.gazetteer import fold

    where = fold(municipality or (state or "mexico").split("-")[-1])
    return f"{date.split('/')[0]}-{re.sub(r'[^a-z0-9]+', '-', where).strip('-')}-what-happened"
