"""Release: the version, the bump from the diff against the last release, the release
notes, and the archive users download (dist/autodefensas-X.Y.Z.zip)."""
