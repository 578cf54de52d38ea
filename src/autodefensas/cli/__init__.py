"""The `autodefensas` command. Each module below registers its commands on `app`."""

from . import (
    dataset,  # noqa: F401  (registers build, verify, rules)
    explain,  # noqa: F401  (registers explain)
)
from .common import app

__all__ = ["app"]
