"""Rules of the quality layer: statistical and whole-dataset checks a Table Schema cannot say."""

from ...paths import WITHDRAWN
from . import declare

RULES = declare(
    "quality",
    ("removed-rows", "Published rows removed without a withdrawal",
     "A row (by primary key) that the baseline release or commit has is gone, and "
     f"{WITHDRAWN} does not list it: published IDs are never renamed or dropped silently.",
     f"restore the row in seeds/, or list it in {WITHDRAWN} with the reason", "error",
     ["quality.row-count"]),
    ("baseline-skipped", "Removed-rows check skipped", "The check of removed rows against the git "
     "baseline could not run (no git, no such ref, not a checkout, or no baseline given).",
     "run verify in a git checkout with the baseline ref available (in CI, fetch the history: "
     "actions/checkout with fetch-depth: 0)", "warning", ["quality.row-count-baseline"]),
    ("date-precision", "Too few day-precise dates", "Less than the threshold share of incidents have "
     "date_precision 'day'.", "check that coders give the day where the articles do (codebook: date "
     "precision)"),
    ("fatalities", "Implausible fatality figure", "An incident's fatalities, or a fatality claim's value, "
     "is above the plausible maximum.", "check the figure against the quote: a typo, or a cumulative "
     "toll coded as one event (use scope: several_incidents for it)"),
    ("uncited-document", "Document without claims", "A document source no claim cites.",
     "code the document's claims, or drop the document if nothing in it is used"),
)
