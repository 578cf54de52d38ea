"""The `autodefensas` command. Each module below registers its commands on `app`."""

from . import (
    dataset,  # noqa: F401  (registers build, verify, rules)
    diff,  # noqa: F401  (registers diff)
)
from .common import app

__all__ = ["app"]
