"""Rules of the verify driver itself."""

from . import declare

RULES = declare(
    "verify",
    ("not-run", "A layer could not run", "A layer that was asked for could not run (or could not check "
     "one table) because what it needs is missing or broken; the message says what. The report is "
     "never OK while a layer did not run.", "fix what the message names, then verify again"),
)
