"""Quality layer: whole-dataset checks (great-expectations over aggregates). Each case
runs the quality layer once (its import costs seconds), so there is one per rule."""

import hashlib
import re

from conftest import SHEET, csv_line

from .base import (
    QUALITY,
    SOURCE_ID,
    TEXT,
    case,
    commit_baseline,
    edit_line,
    rebuild,
    replace_text,
)


@case("quality.removed-rows", rebuild=True, layers=QUALITY, baseline="HEAD")
def published_actor_renamed(root):
    """A published ID renamed without a withdrawal: its row disappears since the baseline."""
    commit_baseline(root)
    for path in (root / "seeds").rglob("*.yaml"):
        text = path.read_text("utf-8")
        path.write_text(re.sub(r"(actor_id: )viagras$", r"\1los-viagras", text, flags=re.M), "utf-8")
    return "data/actors.csv", None


@case("quality.baseline-skipped", layers=QUALITY, baseline=None)
def verified_without_a_baseline(root):
    """`verify --baseline ''`: nothing is broken, but the removed-rows check is skipped (a warning)."""
    return "data/", None


@case("quality.date-precision", rebuild=True, layers=QUALITY)
def dates_coded_to_the_month(root):
    """Every day-precise date claim widened back to the first of its month (the texts give
    the day). Not cut to the whole month: "on Monday night" coded as a month that runs past
    the publication date would not pass the coding layer (coding.date-after-publication)."""
    for path in (root / "seeds").glob("*.yaml"):
        text = path.read_text("utf-8")
        path.write_text(re.sub(r'value_text: "(\d{4}-\d{2})-(\d{2})"$', r'value_text: "\1-01/\1-\2"', text,
                               flags=re.M), "utf-8")
    return "data/incidents.csv", None


@case("quality.fatalities", layers=QUALITY)
def fatality_figure_typo(root):
    """11 dead in the Torres-Mora clash (c21) printed as 1100 by the article itself: the quote
    states the figure, so the coding layer cannot tell (a typo of the coder's alone is caught
    there, coding.figure-not-in-quote); only the implausible total shows it."""
    replace_text(root, TEXT, "left 11 dead", "left 1100 dead")
    replace_text(root, SHEET, 'left 11 dead"', 'left 1100 dead"')
    edit_line(root, SHEET, r"^    value: 11$", "    value: 1100")
    digest = hashlib.sha256((root / TEXT).read_bytes()).hexdigest()
    edit_line(root, SHEET, r"^  text_sha256: ", f"  text_sha256: {digest}")
    rebuild(root)
    return "data/claims.csv", csv_line(root, "claims", f"{SOURCE_ID}-c21")


@case("quality.uncited-document", layers=QUALITY)
def document_claims_deleted(root):
    """A document's claims deleted by hand from data/claims.csv (no coding sheet can hold a
    document without claims: its claims list may not be empty)."""
    document = "reuters-2019-10-15-tepochica-gunfight"
    path = root / "data/claims.csv"
    path.write_text("\n".join(line for line in path.read_text("utf-8").split("\n")
                              if not line.startswith(f"{document}-")), "utf-8")
    return "data/sources.csv", csv_line(root, "sources", document)
