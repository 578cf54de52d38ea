"""Rules of the release layer: a downloaded release against its own SHA256SUMS.

(The rest of a release's check is the contract, rules and quality layers' on the
package: the descriptor's bytes and hash of each CSV, each text against text_sha256,
each quote against its slice are theirs, reported once, by them.)
"""

from ...paths import CHECKSUMS
from . import declare

_AGAIN = ("download the release again (the file was damaged or changed since it was released); if a fresh "
          "download gives this too, report it to the maintainers")

RULES = declare(
    "release",
    ("checksums-missing", f"{CHECKSUMS} missing", f"The release folder has no {CHECKSUMS}, the list of its "
     "files and their sha256 that every release carries.", _AGAIN),
    ("checksums-line", f"{CHECKSUMS} line not readable", f"A line of {CHECKSUMS} is not '<sha256>  <path>' "
     "with 64 hex digits and a relative path inside the release, or lists a path a second time.", _AGAIN),
    ("checksum", "File differs from its checksum", f"A file's sha256 is not the one {CHECKSUMS} lists: it "
     "is not the file that was released.", _AGAIN),
    ("missing-file", "Listed file missing", f"{CHECKSUMS} lists a file the release folder does not have.",
     _AGAIN),
    ("unlisted-file", "File not in the release", f"The release folder has a file {CHECKSUMS} does not list: "
     "it was not released (an added or renamed file).",
     "remove the file (or download the release again); keep your own files outside the release folder"),
)
