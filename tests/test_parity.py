"""The fast contract engine against frictionless-py, the reference, on synthetic
packages with known errors: both must flag the same rows for every error kind they
share, and verify must report every injected error."""

import pytest

from autodefensas import verify
from autodefensas.synthetic import ERROR_KINDS, generate, inject, write_package
from autodefensas.tableschema import load_schemas
from autodefensas.verify.contract import contract_problems
from autodefensas.verify.engine import load_package
from autodefensas.verify.reference import frictionless_problems

EXPECTED_RULE = {
    "type": "contract.type-error", "enum": "contract.constraint-error", "pattern": "contract.constraint-error",
    "range": "contract.constraint-error", "pk_duplicate": "contract.primary-key",
    "fk_dangling": "contract.foreign-key", "cross_field": "rules.fatalities-order",
    "quote_mismatch": "rules.quote-slice",
}


@pytest.fixture(scope="module", params=[1, 2])
def broken(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"synthetic{request.param}")
    write_package(root, generate(300, seed=request.param))
    injected = inject(root, per_kind=3, seed=request.param)
    return root, injected


def rows(problems):
    return {(p.rule, p.file, p.line) for p in problems if p.line is not None}


def test_clean_synthetic_package_passes_both(tmp_path):
    write_package(tmp_path, generate(200, seed=7), yaml_seeds=True)
    assert frictionless_problems(tmp_path) == []
    assert verify(tmp_path, baseline=None).ok


def test_fast_engine_flags_the_same_rows_as_frictionless(broken):
    root, _ = broken
    reference = rows(frictionless_problems(root))
    fast = rows(contract_problems(load_package(root, load_schemas(root).tables)))
    assert reference, "the injected errors must give frictionless something to find"
    assert fast == reference


def test_every_injected_error_is_reported(broken):
    root, injected = broken
    assert {i.kind for i in injected} == set(ERROR_KINDS)
    found = rows(verify(root, ("contract", "rules")).problems)
    for error in injected:
        assert (EXPECTED_RULE[error.kind], f"data/{error.table}.csv", error.line) in found, error
