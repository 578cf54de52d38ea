"""Versions of the package: the tables as a git ref, a checkout or a package folder holds them.

`explain --against`, `diff` and `find` compare or search versions; open_version() turns what a
user types (main, v0.1.0, HEAD~2, ".", path/to/datapackage.json) into one Version.
"""

from .version import Version, VersionError, open_version

__all__ = ["Version", "VersionError", "open_version"]
