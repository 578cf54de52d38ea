"""Rules of the drift layer: the committed outputs against a fresh build."""

from ...paths import REGENERATE_HINT
from . import declare

RULES = declare(
    "drift",
    ("missing", "Generated file missing", "A file a fresh build writes is not in the checkout.",
     "run `autodefensas build` and commit the result"),
    ("changed", "Generated file differs from a fresh build",
     "A generated file (descriptor, codebook, rule reference, or a CSV whose rows are the same but "
     "whose bytes are not) differs from what a fresh build writes.", REGENERATE_HINT),
    ("extra-file", "A file in data/ the build does not write", "data/ holds a file that is not one of "
     "the generated tables; a release would ship it, and no schema describes it.",
     "remove it (data/ holds only what `autodefensas build` writes; notes belong in docs/ or seeds/)"),
    ("header", "CSV header differs from a fresh build", "The first line of a data/ CSV is not what a "
     "fresh build writes.", REGENERATE_HINT),
    ("changed-row", "Row differs from a fresh build", "A row of a data/ CSV has other values than a "
     "fresh build gives it; the message names each changed column.", REGENERATE_HINT),
    ("extra-row", "Row not produced by a fresh build", "A data/ CSV has a row a fresh build does not "
     "write.", REGENERATE_HINT),
    ("missing-row", "Row of a fresh build missing", "A row a fresh build writes is not in the CSV.",
     REGENERATE_HINT),
)
