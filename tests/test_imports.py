"""Importing the toolkit, and building, stay light: pandas only when load() runs,
polars and great-expectations only in the verify layers that need them."""

import subprocess
import sys

HEAVY = ("pandas", "polars", "great_expectations", "pandera", "frictionless")


def imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_import_is_light():
    assert imported_after("import autodefensas") == set()


def test_build_pays_for_no_data_library(dataset):
    assert imported_after(f"import autodefensas; assert autodefensas.build({str(dataset)!r}).ok") == set()


def test_coding_and_drift_pay_for_no_data_library(dataset):
    code = f"import autodefensas; assert autodefensas.verify({str(dataset)!r}, ('coding', 'drift')).ok"
    assert imported_after(code) == set()


def test_load_imports_pandas(dataset):
    assert "pandas" in imported_after(f"import autodefensas; autodefensas.load({str(dataset)!r})")
