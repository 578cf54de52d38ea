"""Synthetic packages for tests and benchmarks (generate.py) and known errors in them (inject.py)."""

from .generate import Synthetic, generate, write_package
from .inject import ERROR_KINDS, Injected, inject

__all__ = ["ERROR_KINDS", "Injected", "Synthetic", "generate", "inject", "write_package"]
