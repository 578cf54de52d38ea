"""The layer registry: each layer says what it needs and how it runs; the driver iterates.

A layer that cannot run raises CannotRun with the reason; one that can check only part
of the data returns a verify.not-run problem for the rest. Either way the report says
so as an error: a layer asked for and not run never leaves the report OK.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..build import Build, make_build
from ..report import Problem
from ..tableschema import Schemas


class CannotRun(Exception):
    def __init__(self, file: str, reason: str):
        super().__init__(reason)
        self.file, self.reason = file, reason


@dataclass
class Context:
    """What the layers share: the options, schemas/ and, made once when first needed, the
    build in memory and the package read by the engine."""

    root: Path
    schemas: Schemas
    docs_dir: Path | None = None
    baseline: str | None = "HEAD"
    contract_engine: str = "fast"
    wants_build: bool = False
    # False for a released package: it has no git history nor withdrawals to compare with
    removed_rows: bool = True
    _built: Build | None = field(default=None, repr=False)
    _loaded: object = field(default=None, repr=False)

    def built(self) -> Build:
        if self._built is None:
            self._built = make_build(self.root, self.schemas)
        return self._built

    def loaded(self):
        """The package read and typed by the engine (polars), once."""
        if self._loaded is None:
            from .engine import load_package

            coding = self.built().coding if self.wants_build else None
            self._loaded = load_package(self.root, self.schemas.tables, coding.locations() if coding else None)
        return self._loaded

    def withdrawn(self) -> list[dict]:
        from ..build.read import read_withdrawn
        from ..build.records import Coding

        coding = self.built().coding if self.wants_build else None
        records = coding.withdrawn if coding is not None else read_withdrawn(Coding(), self.root)
        return [record.row for record in records]


@dataclass(frozen=True)
class Layer:
    name: str
    summary: str
    run: Callable[[Context], list[Problem]]


def _coding(ctx: Context) -> list[Problem]:
    return ctx.built().report.problems


def _drift(ctx: Context) -> list[Problem]:
    from .drift import drift_problems

    built = ctx.built()
    if not built.report.ok:
        raise CannotRun(paths.SEEDS, "the coding has errors, and drift compares the committed files with a "
                                     "fresh build (run the coding layer to see them)")
    return drift_problems(ctx.root, built.files, ctx.schemas.tables)


def _contract(ctx: Context) -> list[Problem]:
    if ctx.contract_engine == "frictionless":
        from .reference import frictionless_problems

        found = frictionless_problems(ctx.root)
    else:
        from .contract import contract_problems

        found = contract_problems(ctx.loaded())
    return found + _profile(ctx)


def _profile(ctx: Context) -> list[Problem]:
    """The descriptor against the Data Package v2 profile, which frictionless-py does not fully check."""
    from .engine import read_descriptor
    from .profile import profile_problems

    descriptor, _ = read_descriptor(ctx.root)
    return profile_problems(descriptor, ctx.root) if descriptor is not None else []


def _unread(ctx: Context, layer: str, tables: tuple[str, ...]) -> list[Problem]:
    """One verify.not-run problem per table the layer needs and the engine could not read."""
    loaded = ctx.loaded()
    return [Problem(rule="verify.not-run", file=paths.csv(name), table=name,
                    message=f"the {layer} layer did not check {paths.csv(name)}: {loaded.unread[name]}")
            for name in tables if name in loaded.unread]


def _rules(ctx: Context) -> list[Problem]:
    from .rules import rules_problems

    loaded = ctx.loaded()
    if len(loaded.unread) == len(paths.TABLES):
        raise CannotRun(paths.DESCRIPTOR, next(iter(loaded.unread.values())))
    missing = _unread(ctx, "rules", paths.TABLES)
    if missing:
        missing.append(Problem(rule="verify.not-run", file=paths.DATA + "/",
                               message="the rules layer did not run its cross-table rules: they need every table"))
    return missing + rules_problems(loaded, ctx.schemas.reference["states"], ctx.schemas.same_event_types())


def _quality(ctx: Context) -> list[Problem]:
    loaded = ctx.loaded()
    if loaded.unread:
        table, why = next(iter(loaded.unread.items()))
        raise CannotRun(paths.csv(table), f"it needs every table, and {paths.csv(table)} could not be read: {why}")
    from .quality import quality_problems  # great-expectations takes seconds to import

    return quality_problems(ctx.root, loaded.typed, ctx.schemas.tables, ctx.withdrawn() if ctx.removed_rows else [],
                            ctx.docs_dir, ctx.baseline, removed_rows=ctx.removed_rows)


LAYERS = (
    Layer("coding", "the sheets and registries in seeds/", _coding),
    Layer("drift", "the committed generated files against a fresh build", _drift),
    Layer("contract", "what frictionless validate checks, on the committed package", _contract),
    Layer("rules", "what a Table Schema cannot say", _rules),
    Layer("quality", "statistical and whole-dataset checks (great-expectations)", _quality),
)
LAYER_NAMES = tuple(layer.name for layer in LAYERS)
