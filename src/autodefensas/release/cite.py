"""How to cite one version of the package, from its descriptor: text and BibTeX.

The descriptor is the one source (it holds the title, creators, version and release
date that CITATION.cff and .zenodo.json repeat), so any copy of any version can say
how it is cited.
"""

from __future__ import annotations

import re

from .metadata import DEV

FORMATS = ("text", "bibtex")


class NotReleasedError(ValueError):
    """The descriptor is a development state (X.Y.Z+dev): no release to cite."""


def _parts(descriptor: dict) -> tuple[str, str, str, str, str]:
    version = str(descriptor.get("version", ""))
    if not version or version.endswith(DEV) or "created" not in descriptor:
        raise NotReleasedError(
            f"this package is version {version or '(none)'}, not a release: cite the release you used "
            "(autodefensas cite path/to/autodefensas-X.Y.Z/datapackage.json), or the last release "
            "this work follows")
    creators = [c["title"] for c in descriptor.get("contributors", []) if "creator" in c.get("roles", [])]
    year = str(descriptor["created"])[:4]
    homepage = str(descriptor.get("homepage", ""))
    url = f"{homepage}/releases/tag/v{version}" if homepage else ""
    return ", ".join(creators), year, str(descriptor["title"]), version, url


def citation(descriptor: dict, fmt: str = "text") -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    authors, year, title, version, url = _parts(descriptor)
    licence = descriptor.get("licenses", [{}])[0].get("name", "")
    if fmt == "text":
        return f"{authors} ({year}). {title} (Version {version}) [Data set]. {url}".rstrip() + "\n"
    key = "autodefensas_" + re.sub(r"\W", "_", version)
    lines = [f"@misc{{{key},", f"  author = {{{{{authors}}}}},", f"  title = {{{title}}},",
             f"  year = {{{year}}},", f"  version = {{{version}}},"]
    if url:
        lines.append(f"  url = {{{url}}},")
    lines.append(f"  note = {{Data package, licence {licence}}}" if licence else "  note = {Data package}")
    return "\n".join(lines) + "\n}\n"
