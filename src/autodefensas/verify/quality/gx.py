"""Running great-expectations on the aggregate frames, without a GX project, with Data Docs."""

from __future__ import annotations

import logging
import warnings
from contextlib import contextmanager
from pathlib import Path

import polars as pl

DATA_SOURCE = "autodefensas"
DOCS_SITE = "quality"


@contextmanager
def _quiet():
    """Silence GX's log records and warnings while it runs (progress bars are off by config)."""
    logger = logging.getLogger("great_expectations")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _to_pandas(frame: pl.DataFrame):
    """A small polars frame as pandas (plain Python values; no pyarrow needed)."""
    import pandas as pd

    return pd.DataFrame(frame.to_dict(as_series=False), columns=frame.columns)


def run_gx(frames: dict[str, pl.DataFrame], plan: dict[str, list],
            docs_dir: Path | None) -> list:
    """Run one ValidationDefinition per aggregate frame; render Data Docs into docs_dir if given."""
    with _quiet():
        import great_expectations as gx
        import great_expectations.expectations as gxe
        from great_expectations.data_context.types.base import (
            DataContextConfig,
            InMemoryStoreBackendDefaults,
            ProgressBarsConfig,
        )

        sites = {}
        if docs_dir is not None:
            # Without a site of our own, an ephemeral context renders into a temporary folder.
            sites[DOCS_SITE] = {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                                  "base_directory": str(Path(docs_dir).resolve())},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        config = DataContextConfig(store_backend_defaults=InMemoryStoreBackendDefaults(),
                                   data_docs_sites=sites, analytics_enabled=False,
                                   progress_bars=ProgressBarsConfig(globally=False))
        context = gx.get_context(mode="ephemeral", project_config=config)
        source = context.data_sources.add_pandas(DATA_SOURCE)
        results = []
        for name, expectations in plan.items():
            batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
            # Built whole, then added once: add_expectation() on a stored suite re-serializes
            # the suite into its store for every expectation.
            suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=[
                getattr(gxe, class_name)(**kwargs, meta=meta)
                for class_name, kwargs, meta in expectations]))
            validation = context.validation_definitions.add(
                gx.ValidationDefinition(name=name, data=batch, suite=suite))
            results.append((name, validation.run(
                batch_parameters={"dataframe": _to_pandas(frames[name])},
                result_format={"result_format": "BASIC"})))
        if docs_dir is not None:
            context.build_data_docs(site_names=[DOCS_SITE])
    return results


def exception_message(info) -> str | None:
    """The first error message of an expectation that raised, else None.

    GX 1.x gives ``{"raised_exception": ..., "exception_message": ...}`` for a plain
    failure but, when a metric raised, a dict of such dicts keyed by metric id.
    """
    if not info:
        return None
    candidates = [info] if "raised_exception" in info else list(info.values())
    for candidate in candidates:
        if isinstance(candidate, dict) and candidate.get("raised_exception"):
            text = str(candidate.get("exception_message") or "unknown error").strip()
            return text.splitlines()[0] if text else "unknown error"
    return None
