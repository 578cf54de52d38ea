"""__version__: the version schemas/package.json declares (the one source of truth).

In a source checkout (an editable install included) it is read from the checkout's
schemas/package.json, so that it follows a release without a reinstall; an installed
wheel has it in its metadata, which the wheel's build read from the same file.
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

_CHECKOUT_METADATA = Path(__file__).resolve().parents[2] / "schemas" / "package.json"


def read_version() -> str:
    if _CHECKOUT_METADATA.is_file():
        return str(json.loads(_CHECKOUT_METADATA.read_text("utf-8"))["version"])
    return metadata.version("autodefensas")
