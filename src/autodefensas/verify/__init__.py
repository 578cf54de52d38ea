"""Verify: every layer over the dataset, one report.

schemas/ is read and checked first (every layer reads it); then each layer asked for
runs from the registry in layers.py: coding (seeds/, via the build in memory), drift
(committed outputs against a fresh build), contract (what frictionless validate
checks), rules (what a Table Schema cannot say) and quality (great-expectations over
aggregates). contract, rules and quality share one read of each CSV (engine.py).

verify holds the folder's build lock shared while it runs, so that no build switches the
outputs under it; an interrupted build is completed or rolled back first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from .. import paths
from ..build.keys import checked_schemas
from ..build.write import reading
from ..report import LayerRun, Problem, Report
from .layers import LAYER_NAMES, LAYERS, CannotRun, Context, Layer

CONTRACT_ENGINES = ("fast", "frictionless")
__all__ = ["CONTRACT_ENGINES", "LAYER_NAMES", "UnknownLayerError", "verify"]


class UnknownLayerError(ValueError):
    pass


def verify(root: Path | str = ".", layers: tuple[str, ...] = LAYER_NAMES,
           progress: Callable[[str], None] | None = None,
           docs_dir: Path | str | None = None, baseline: str | None = "HEAD",
           contract_engine: str = "fast", notify: Callable[[str], None] | None = None) -> Report:
    """Run the given layers (all by default) and return one report.

    progress, if given, is called with a line before each layer. docs_dir is where
    the quality layer writes its Data Docs HTML; baseline the git ref whose rows may
    not disappear without a withdrawal (None skips that check). The contract layer
    runs on the fast engine, or on frictionless-py itself (the reference, slower)
    with contract_engine="frictionless". notify, if given, is told when verify waits for a
    build to finish, and when it completed or rolled back an interrupted one. Raises
    LockTimeout (from autodefensas.build) when a build holds the lock too long.
    """
    root = paths.check_root(root)
    unknown = set(layers) - set(LAYER_NAMES)
    if unknown:
        raise UnknownLayerError(f"unknown layer(s) {sorted(unknown)}; layers are {', '.join(LAYER_NAMES)}")
    if contract_engine not in CONTRACT_ENGINES:
        raise UnknownLayerError(f"unknown contract engine {contract_engine!r}; engines are "
                                f"{', '.join(CONTRACT_ENGINES)}")
    with reading(root, notify):  # before anything is read
        return _run(root, layers, progress, docs_dir, baseline, contract_engine)


def _run(root: Path, layers: tuple[str, ...], progress: Callable[[str], None] | None,
         docs_dir: Path | str | None, baseline: str | None, contract_engine: str) -> Report:
    chosen = [layer for layer in LAYERS if layer.name in layers]
    schemas = checked_schemas(root)
    if not schemas.ok:
        return schemas_failed(schemas.problems, chosen)
    ctx = Context(root, schemas, Path(docs_dir) if docs_dir else None, baseline, contract_engine,
                  wants_build=bool({"coding", "drift"} & set(layers)))
    return run_layers(ctx, chosen, progress)


def schemas_failed(problems: list[Problem], chosen: list[Layer]) -> Report:
    """The report when schemas/ has problems: those, and no layer run (each reads schemas/)."""
    report = Report(problems=list(problems), runs=[LayerRun(layer.name, "not-run") for layer in chosen])
    report.add(Problem(rule="verify.not-run", file=paths.SCHEMAS + "/",
                       message=f"no layer ran ({', '.join(layer.name for layer in chosen)}): schemas/ has "
                               "problems, and every layer reads it", hint="fix the schema problems above first"))
    return report


def run_layers(ctx: Context, chosen: list[Layer], progress: Callable[[str], None] | None) -> Report:
    """Run the chosen layers in order on the shared context; one report."""
    report = Report()
    for number, layer in enumerate(chosen, start=1):
        if progress:
            progress(f"[{number}/{len(chosen)}] {layer.name}")
        run, started = LayerRun(layer.name), time.perf_counter()
        try:
            found = layer.run(ctx)
        except CannotRun as exc:
            run.status = "not-run"
            found = [Problem(rule="verify.not-run", file=exc.file,
                             message=f"the {layer.name} layer did not run: {exc.reason}")]
        else:
            if any(p.rule == "verify.not-run" for p in found):
                run.status = "partial"
        run.seconds = time.perf_counter() - started
        report.runs.append(run)
        report.extend(found)
    return report
