"""Benchmark `autodefensas verify` against `frictionless validate` on synthetic packages.

    pip install -e ".[bench]"
    python scripts/bench.py [--sizes 10000 100000 1000000] [--pairs 3] [--runs 3] [--budget 600]
                            [--no-warmup-above N] [--work /tmp/autodefensas-bench] [--out docs]

For each size N it writes (once, then reuses) a synthetic package of N incidents and
3N claims with one injected error of each kind (scripts/synth.py), then:

* compares contract+rules (`autodefensas verify --layer contract --layer rules`, the
  layers that replace frictionless validate) with `frictionless validate
  datapackage.json`: one untimed warm-up of each, then up to --pairs pairs run
  alternately (A B A B ...). The ratio is computed within each pair (B_i / A_i) and
  the report gives the median of those pair ratios with their min and max, not the
  ratio of two medians: the two runs of a pair are next to each other in time, so a
  drift in the machine's state (load, caches) mostly cancels within the pair, and the
  median discounts a pair that a short spell hit;
* times every single layer (coding and drift only where the package has YAML sheets),
  contract+rules+quality and the whole verify: up to --runs runs each, median kept;
* checks that every injected error is reported by every timed contract+rules run.

Every timed run is a fresh process; the record keeps its wall time, its peak memory
(max RSS of that child, from os.wait4) and the 1-minute load average read just before
and just after it, so a comparison made on a busy machine can be seen as such.

--budget caps the time spent on the timed runs of one step (one comparison, one
layer) at one size: a further pair or run starts only if the median of those done so
far (warm-up included) still fits in the budget, and at least one always runs. Small
sizes get all --pairs/--runs; the largest size gets fewer instead of taking hours.
--no-warmup-above N skips the warm-up at sizes above N, where it costs as much as a
pair and the package was usually just written (its files still in the page cache).

Results go to docs/performance.json (sizes not measured this time are kept from the
last run, with the method they were measured by) and the plot to docs/performance.png;
a markdown table for the README is printed. Exit 1 if an injected error was missed.

The coding and drift layers read the YAML coding sheets; the packages of more than
10,000 incidents are written without them (reading a million YAML entries would only
time PyYAML), so those two layers are measured at 10,000 only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
YAML_UP_TO = 10_000
METHOD = "paired"
LEGACY = "one run per step"  # results kept from the script before paired runs
EXPECTED_RULE = {
    "type": "contract.type-error", "enum": "contract.constraint-error", "pattern": "contract.constraint-error",
    "range": "contract.constraint-error", "pk_duplicate": "contract.primary-key",
    "fk_dangling": "contract.foreign-key", "cross_field": "rules.fatalities-order",
    "quote_mismatch": "rules.quote-slice",
}
A, B = "contract+rules", "frictionless validate"
COMPARISON = f"{B} / {A}"


# ---- pure logic (tested in tests/test_bench_stats.py) ----

def pair_order(pairs: int) -> list[tuple[str, int]]:
    """("a", 0), ("b", 0), ("a", 1), ("b", 1), ...: the two commands alternate."""
    return [(side, i) for i in range(pairs) for side in ("a", "b")]


def pair_ratios(a_times: list[float], b_times: list[float]) -> list[float]:
    """B_i / A_i for each pair i."""
    if len(a_times) != len(b_times) or not a_times:
        raise ValueError("need the same, non-zero number of A and B times")
    return [b / a for a, b in zip(a_times, b_times)]


def ratio_summary(a_times: list[float], b_times: list[float]) -> dict:
    """Median, min and max of the pair-by-pair ratios."""
    ratios = pair_ratios(a_times, b_times)
    return {"median": round(statistics.median(ratios), 2), "min": round(min(ratios), 2),
            "max": round(max(ratios), 2), "pairs": [round(r, 2) for r in ratios]}


def loads_of(runs: list[dict]) -> list[float]:
    return [run[key] for run in runs for key in ("load_before", "load_after")]


def summarize(runs: list[dict]) -> dict:
    """Median (and range) of wall time, peak memory over the runs, median and max load."""
    walls = [run["wall_s"] for run in runs]
    loads = loads_of(runs)
    return {"runs": len(runs), "wall_s": round(statistics.median(walls), 2), "wall_s_min": min(walls),
            "wall_s_max": max(walls), "peak_mb": max(run["peak_mb"] for run in runs),
            "load_median": round(statistics.median(loads), 2), "load_max": max(loads),
            "exits": sorted({run["exit"] for run in runs})}


def another_fits(done: int, spent_s: float, costs_s: list[float], budget_s: float | None) -> bool:
    """Whether one more pair/run fits in the budget; costs_s are those seen so far (warm-up too)."""
    if done == 0 or budget_s is None or not costs_s:
        return True
    return spent_s + statistics.median(costs_s) <= budget_s


def merge_results(previous: dict, new: list[dict]) -> list[dict]:
    """The new results plus the previous report's for sizes not measured this time, by size.

    A kept result without a method comes from the script before paired runs: it is
    marked as such (with the machine line that report had) so that it is not read as
    a paired measurement.
    """
    measured = {r["incidents"] for r in new}
    kept = []
    for old in previous.get("results", []):
        if old["incidents"] in measured:
            continue
        old = dict(old)
        if "method" not in old:
            old["method"] = LEGACY
            old.setdefault("environment", {"described": previous.get("machine")})
        kept.append(old)
    return sorted(kept + new, key=lambda r: r["incidents"])


# ---- measuring ----

def executable(name: str) -> str:
    # The command installed next to this interpreter, so that the benchmark times the
    # environment it runs in and not whichever one comes first on PATH.
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else (shutil.which(name) or name)


def measured(command: list[str], cwd: Path, keep_stdout: bool = False) -> dict:
    """Run command once; wall time, the child's own peak RSS and the load around it."""
    with tempfile.TemporaryFile() as out:
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL)
        # wait4 gives this child's rusage alone; RUSAGE_CHILDREN would be the max over all.
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        load_after = os.getloadavg()[0]
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        stdout = out.read().decode("utf-8", errors="replace") if keep_stdout else None
    if child.returncode not in (0, 1):  # 0 clean, 1 problems found; anything else is a crash, not a time
        raise RuntimeError(f"{' '.join(command)} exited {child.returncode} in {cwd}")
    run = {"wall_s": round(wall, 2), "peak_mb": round(usage.ru_maxrss / 1024), "exit": child.returncode,
           "load_before": round(load_before, 2), "load_after": round(load_after, 2)}
    if stdout is not None:
        run["stdout"] = stdout
    return run


def show(n: int, name: str, label: str, run: dict) -> None:
    print(f"  {n:>9,} {name:<24} {label:<8} {run['wall_s']:>8.2f} s {run['peak_mb']:>6} MB  "
          f"load {run['load_before']:.2f} -> {run['load_after']:.2f}", flush=True)


def compare(n: int, commands: dict[str, list[str]], cwd: Path, pairs: int, budget: float | None,
            warmup: bool) -> tuple[dict, dict[str, list[dict]]]:
    """Paired, alternating runs of A and B; the comparison summary and the runs of each."""
    costs: list[float] = []
    if warmup:
        warm = [measured(commands[name], cwd) for name in (A, B)]
        for name, run in zip((A, B), warm):
            show(n, name, "warm-up", run)
        costs.append(sum(run["wall_s"] for run in warm))
    runs: dict[str, list[dict]] = {A: [], B: []}
    spent, stopped = 0.0, False
    for side, i in pair_order(pairs):
        if side == "a" and not another_fits(i, spent, costs, budget):
            stopped = True
            break
        name = A if side == "a" else B
        run = measured(commands[name], cwd, keep_stdout=name == A)
        runs[name].append(run)
        show(n, name, f"pair {i + 1}", run)
        if side == "b":
            cost = runs[A][-1]["wall_s"] + run["wall_s"]
            costs.append(cost)
            spent += cost
    summary = {
        "a": A, "b": B, "ratio": ratio_summary([r["wall_s"] for r in runs[A]], [r["wall_s"] for r in runs[B]]),
        "warmup": warmup, "pairs": len(runs[A]), "stopped_by_budget": stopped,
        "load_median": round(statistics.median(loads_of(runs[A] + runs[B])), 2),
        "load_max": max(loads_of(runs[A] + runs[B])),
    }
    return summary, runs


def repeated(n: int, name: str, command: list[str], cwd: Path, times: int, budget: float | None) -> list[dict]:
    runs: list[dict] = []
    for i in range(times):
        if not another_fits(i, sum(r["wall_s"] for r in runs), [r["wall_s"] for r in runs], budget):
            break
        runs.append(measured(command, cwd))
        show(n, name, f"run {i + 1}", runs[-1])
    return runs


def package(work: Path, n: int) -> Path:
    root = work / f"n{n}"
    if not (root / "injected.json").exists():
        shutil.rmtree(root, ignore_errors=True)
        command = [sys.executable, str(REPO / "scripts" / "synth.py"), str(root), "--incidents", str(n),
                   "--errors", "1"] + (["--yaml"] if n <= YAML_UP_TO else [])
        print(f"writing the synthetic package of {n:,} incidents ...", flush=True)
        subprocess.run(command, check=True)
    return root


def missed_errors(injected: list[dict], stdout: str) -> list[dict]:
    reported = {(p["rule"], p["file"], p["line"]) for p in json.loads(stdout)["problems"]}
    return [i for i in injected if (EXPECTED_RULE[i["kind"]], f"data/{i['table']}.csv", i["line"]) not in reported]


def bench_size(work: Path, n: int, args: argparse.Namespace) -> dict:
    root = package(work, n)
    started = time.perf_counter()
    verify = [executable("autodefensas"), "verify", "-q", "--baseline", "", "--format", "json"]
    commands = {A: verify + ["--layer", "contract", "--layer", "rules"],
                B: [executable("frictionless"), "validate", "datapackage.json"]}
    warmup = args.no_warmup_above is None or n <= args.no_warmup_above
    comparison, runs = compare(n, commands, root, args.pairs, args.budget, warmup)

    injected = json.loads((root / "injected.json").read_text("utf-8"))
    missed: list[dict] = []
    for run in runs[A]:  # every timed run must report them all, not just one of them
        missed += [i for i in missed_errors(injected, run.pop("stdout")) if i not in missed]

    singles = (["coding", "drift"] if n <= YAML_UP_TO else []) + ["contract", "rules", "quality"]
    steps = {layer: verify + ["--layer", layer] for layer in singles}
    steps["contract+rules+quality"] = commands[A] + ["--layer", "quality"]
    if n <= YAML_UP_TO:
        steps["verify (all layers)"] = verify
    for name, command in steps.items():
        runs[name] = repeated(n, name, command, root, args.runs, args.budget)

    sizes = {p.name: p.stat().st_size for p in (root / "data").glob("*.csv")}
    rows = {p.stem: sum(1 for _ in p.open("rb")) - 1 for p in (root / "data").glob("*.csv")}
    return {
        "incidents": n, "rows": sum(rows.values()), "csv_mb": round(sum(sizes.values()) / 1e6),
        "method": METHOD, "command": args.command, "environment": environment(),
        "bench_s": round(time.perf_counter() - started),
        "options": {"pairs": args.pairs, "runs": args.runs, "budget_s": args.budget, "warmup": warmup},
        "comparisons": {COMPARISON: comparison},
        "steps": {name: summarize(step_runs) for name, step_runs in runs.items()},
        "runs": runs, "injected": len(injected), "missed": missed,
    }


def environment() -> dict:
    versions = {}
    for name in ("autodefensas", "frictionless", "polars", "pandera", "great-expectations"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {"date": dt.datetime.now(dt.UTC).date().isoformat(), "machine": platform.machine(),
            "cpu_count": os.cpu_count(), "python": platform.python_version(), "versions": versions}


# ---- reporting ----

def plot(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    paired = [r for r in results if r.get("method") == METHOD]
    names = [B, A, "contract+rules+quality", "quality", "verify (all layers)"]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for name in names:
        points = [(r["rows"], r["steps"][name]) for r in paired if name in r["steps"]]
        if not points:
            continue
        xs = [x for x, _ in points]
        ys = [s["wall_s"] for _, s in points]
        spread = [[s["wall_s"] - s["wall_s_min"] for _, s in points],
                  [s["wall_s_max"] - s["wall_s"] for _, s in points]]
        ax.errorbar(xs, ys, yerr=spread, marker="o", capsize=3, label=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    # plain numbers read better than powers of ten here; the x ticks are the sizes measured
    rows = sorted({r["rows"] for r in paired})
    ax.set_xticks(rows, [f"{n:,}" for n in rows])
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    plain = matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}")
    ax.yaxis.set_major_formatter(plain)
    ax.yaxis.set_minor_formatter(plain)
    ax.set_xlabel("rows in the package (all four tables)")
    ax.set_ylabel("wall time, whole process (s): median, min-max")
    cores = sorted({r["environment"]["cpu_count"] for r in paired})
    ax.set_title(f"autodefensas verify vs frictionless validate ({'/'.join(map(str, cores))} cores)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def table(results: list[dict]) -> str:
    lines = ["| incidents | rows | CSV MB | contract+rules median s | frictionless validate median s "
             "| ratio, median of pairs (min–max) | contract+rules+quality median s "
             "| peak MB (contract+rules / frictionless) | load, median (max) | injected errors reported |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        if r.get("method") != METHOD:
            lines.append(f"| {r['incidents']:,} | {r['rows']:,} | {r['csv_mb']} | not yet re-measured with paired "
                         f"runs | | | | | | |")
            continue
        c, s = r["comparisons"][COMPARISON], r["steps"]
        lines.append(
            f"| {r['incidents']:,} | {r['rows']:,} | {r['csv_mb']} | {s[A]['wall_s']:.2f} | {s[B]['wall_s']:.1f} "
            f"| **{c['ratio']['median']:.1f}×** ({c['ratio']['min']:.1f}–{c['ratio']['max']:.1f}, "
            f"{c['pairs']} pair{'s' if c['pairs'] > 1 else ''}) | {s['contract+rules+quality']['wall_s']:.2f} "
            f"| {s[A]['peak_mb']} / {s[B]['peak_mb']} | {c['load_median']:.2f} ({c['load_max']:.2f}) "
            f"| {r['injected'] - len(r['missed'])} of {r['injected']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--pairs", type=int, default=3, help="most timed A/B pairs per comparison (default 3)")
    parser.add_argument("--runs", type=int, default=3, help="most timed runs per single step (default 3)")
    parser.add_argument("--budget", type=float, default=600,
                        help="seconds of timed runs per step and size before it stops adding pairs/runs "
                             "(default 600; 0 for no cap)")
    parser.add_argument("--no-warmup-above", type=int, default=None, metavar="N",
                        help="skip the untimed warm-up at sizes above N incidents")
    parser.add_argument("--work", type=Path, default=Path("/tmp/autodefensas-bench"))
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    args = parser.parse_args(argv)
    if args.pairs < 1 or args.runs < 1:
        parser.error("--pairs and --runs must be at least 1")
    args.budget = args.budget or None
    args.command = " ".join(["python", "scripts/bench.py", *(argv if argv is not None else sys.argv[1:])])
    args.work.mkdir(parents=True, exist_ok=True)
    new = [bench_size(args.work, n, args) for n in args.sizes]
    previous = args.out / "performance.json"
    results = merge_results(json.loads(previous.read_text("utf-8")) if previous.exists() else {}, new)
    report = {"command": "python scripts/bench.py", "results": results}  # each result has its own command
    previous.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    plot(results, args.out / "performance.png")
    print(table(results))
    for r in new:
        for i in r["missed"]:
            print(f"MISSED at {r['incidents']:,} incidents: {i}", file=sys.stderr)
    return 0 if all(not r["missed"] for r in new) else 1


if __name__ == "__main__":
    sys.exit(main())
