"""The `autodefensas` command. Each module below registers its commands on `app`."""

from . import archive, cite, dataset, diff, draft, explain, find, release  # noqa: F401  (each registers its commands)
from .common import app

__all__ = ["app"]
