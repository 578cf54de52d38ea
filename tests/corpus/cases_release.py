"""Release layer: a downloaded release (the dataset's release folder, unzipped) against its
SHA256SUMS, as `autodefensas verify --package` checks it."""

from .base import RELEASE, case, checksum_line, replace_text

CLAIMS = "data/claims.csv"


@case("release.checksums-missing", layers=RELEASE, package=True)
def checksums_deleted(folder):
    """Someone repackaged the release without its SHA256SUMS."""
    (folder / "SHA256SUMS").unlink()
    return "SHA256SUMS", None


@case("release.checksums-line", layers=RELEASE, package=True)
def checksums_line_cut(folder):
    """A line of SHA256SUMS cut short (a copy and paste lost its end)."""
    line = checksum_line(folder, CLAIMS)
    lines = (folder / "SHA256SUMS").read_text("utf-8").split("\n")
    lines[line - 1] = lines[line - 1][:40]
    (folder / "SHA256SUMS").write_text("\n".join(lines), "utf-8")
    return "SHA256SUMS", line


@case("release.checksum", layers=RELEASE, package=True)
def claims_cell_edited(folder):
    """A downloaded claims.csv with one figure changed by hand (a user's 'fix')."""
    replace_text(folder, CLAIMS, ",exact,", ",about,")
    return CLAIMS, None


@case("release.missing-file", layers=RELEASE, package=True)
def codebook_deleted(folder):
    """The codebook removed from the release folder."""
    line = checksum_line(folder, "docs/codebook.md")
    (folder / "docs/codebook.md").unlink()
    return "SHA256SUMS", line


@case("release.unlisted-file", layers=RELEASE, package=True)
def notes_added(folder):
    """The user's own notes saved inside the release folder."""
    (folder / "data" / "my-notes.csv").write_text("id,note\n1,check this\n", "utf-8")
    return "data/my-notes.csv", None
