"""Quality layer: great-expectations over polars aggregates of the dataset, as Data Docs HTML.

checks.py says what is checked (aggregates and expectations), baseline.py reads the
primary keys at the git baseline, gx.py runs great-expectations, found.py turns a
failed expectation into problems with the offending rows.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ...report import Problem
from ...tableschema import TableSchema
from .baseline import Baseline, baseline_keys, removed
from .checks import aggregate, plan
from .found import problems_for
from .gx import exception_message, run_gx


def quality_problems(root: Path, tables: dict[str, pl.DataFrame], schemas: dict[str, TableSchema],
                     withdrawn: list[dict], docs_dir: Path | None = None,
                     baseline: str | None = "HEAD", removed_rows: bool = True) -> list[Problem]:
    """Validate aggregates of the typed tables with great-expectations; problems for failed checks.

    ``tables`` are the four tables typed from ``schemas`` (the verify engine's frames),
    in CSV row order. ``baseline`` is the git ref whose rows may not disappear unless
    ``withdrawn`` (seeds/registry/withdrawn.yaml's entries) lists them; None skips that
    check with a warning; removed_rows=False leaves it out (a released package, which has
    no git history). With ``docs_dir``, Data Docs HTML is rendered there.
    """
    keys = {name: schema.primary_key[0] for name, schema in schemas.items()}
    base = baseline_keys(Path(root), baseline, keys) if removed_rows else Baseline()
    current = {name: set(tables[name][key].drop_nulls().to_list()) for name, key in keys.items()} if base.keys else {}
    aggregates = aggregate(tables, removed(base, current, withdrawn))
    problems = [base.warning] if base.warning else []
    for _name, result in run_gx(aggregates.frames, plan(aggregates), docs_dir):
        for outcome in result.results:
            if not outcome.success:
                error = exception_message(outcome.exception_info)
                if error is not None:  # our suite asked GX for something it cannot compute: a bug of ours
                    raise RuntimeError(f"the quality expectation {outcome.expectation_config.type} raised: {error}")
                problems += problems_for(outcome.expectation_config.meta, aggregates)
    return problems
