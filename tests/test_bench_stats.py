"""The pure logic of scripts/bench.py, on made-up numbers (no benchmark is run)."""

import importlib.util
import statistics
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "scripts" / "bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(wall, peak=100, before=0.5, after=1.0, exit=1):
    return {"wall_s": wall, "peak_mb": peak, "exit": exit, "load_before": before, "load_after": after}


def test_pair_order_alternates(bench):
    assert bench.pair_order(3) == [("a", 0), ("b", 0), ("a", 1), ("b", 1), ("a", 2), ("b", 2)]
    assert bench.pair_order(1) == [("a", 0), ("b", 0)]


def test_median_of_pair_ratios_is_not_the_ratio_of_medians(bench):
    # B is 10x, 2x and 1x A in its three pairs: the pairs say 2x; the medians (2 s and 10 s) would say 5x
    a, b = [1.0, 10.0, 2.0], [10.0, 20.0, 2.0]
    summary = bench.ratio_summary(a, b)
    assert summary["pairs"] == [10.0, 2.0, 1.0]
    assert (summary["median"], summary["min"], summary["max"]) == (2.0, 1.0, 10.0)
    assert statistics.median(b) / statistics.median(a) == 5.0


def test_pair_ratios_divide_b_by_a_within_each_pair(bench):
    assert bench.pair_ratios([2.0, 4.0], [6.0, 4.0]) == [3.0, 1.0]
    assert bench.ratio_summary([2.0, 4.0], [6.0, 4.0])["median"] == 2.0  # even count: mean of the middle two
    with pytest.raises(ValueError):
        bench.pair_ratios([1.0], [1.0, 2.0])
    with pytest.raises(ValueError):
        bench.pair_ratios([], [])


def test_summarize_a_run_list(bench):
    runs = [run(3.0, peak=200, before=0.2, after=1.1), run(1.0, peak=250, before=1.1, after=1.9, exit=0),
            run(2.0, peak=220, before=0.9, after=1.0)]
    assert bench.summarize(runs) == {
        "runs": 3, "wall_s": 2.0, "wall_s_min": 1.0, "wall_s_max": 3.0, "peak_mb": 250,
        "load_median": 1.05, "load_max": 1.9, "exits": [0, 1],
    }


def test_budget_lets_at_least_one_run_and_then_stops_before_overrunning(bench):
    assert bench.another_fits(0, 0.0, [500.0], 100.0)  # the first one always runs
    assert bench.another_fits(1, 200.0, [200.0], None)  # no budget
    assert bench.another_fits(1, 200.0, [220.0, 200.0], 600.0)  # 200 + 210 fits
    assert not bench.another_fits(2, 420.0, [220.0, 200.0, 220.0], 600.0)  # 420 + 220 does not


def test_merge_keeps_unmeasured_sizes_and_marks_the_old_method(bench):
    previous = {"machine": "old box", "results": [{"incidents": 10, "runs": {}}, {"incidents": 1000, "runs": {}}]}
    new = [{"incidents": 10, "method": bench.METHOD}, {"incidents": 100, "method": bench.METHOD}]
    merged = bench.merge_results(previous, new)
    assert [r["incidents"] for r in merged] == [10, 100, 1000]
    assert merged[0] is new[0]
    assert merged[2]["method"] == bench.LEGACY and merged[2]["environment"] == {"described": "old box"}
    assert "method" not in previous["results"][1]  # the previous report is not changed


def test_table_does_not_quote_an_old_single_run_as_paired(bench):
    old = {"incidents": 1_000_000, "rows": 4_110_020, "csv_mb": 839, "method": bench.LEGACY}
    assert "not yet re-measured with paired runs" in bench.table([old]).splitlines()[-1]
