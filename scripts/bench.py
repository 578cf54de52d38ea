"""Benchmark `autodefensas verify` against `frictionless validate` on synthetic packages.

    pip install -e ".[bench]"
    python scripts/bench.py [--sizes 10000 100000 1000000] [--work /tmp/autodefensas-bench]

For each size N it writes (once, then reuses) a synthetic package of N incidents and
3N claims with one injected error of each kind, then times, each in a fresh process:
every verify layer on its own, contract and rules together (the layers that replace
frictionless validate), the whole verify, and `frictionless validate datapackage.json`.
It reports wall time and peak memory (max RSS) per process, the ratio of frictionless
to contract+rules, and whether every injected error was reported. Results go to
docs/performance.json (sizes not measured this time are kept from the last run) and
the plot to docs/performance.png.

The coding and drift layers read the YAML coding sheets; the packages of more than
10,000 incidents are written without them (reading a million YAML entries would only
time PyYAML), so those two layers are measured at 10,000 only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
YAML_UP_TO = 10_000
EXPECTED_RULE = {
    "type": "contract.type-error", "enum": "contract.constraint-error", "pattern": "contract.constraint-error",
    "range": "contract.constraint-error", "pk_duplicate": "contract.primary-key",
    "fk_dangling": "contract.foreign-key", "cross_field": "rules.fatalities-order",
    "quote_mismatch": "rules.quote-slice",
}


def measured(command: list[str], cwd: Path) -> dict:
    """Run command under a small Python wrapper that reports the child's own peak RSS."""
    wrapper = ("import os,sys,subprocess,time,json;t=time.perf_counter();p=subprocess.Popen(sys.argv[1:],"
               "stdout=open(os.environ['BENCH_OUT'],'wb'),stderr=subprocess.DEVNULL);"
               "_,s,r=os.wait4(p.pid,0);print(json.dumps({'wall_s':round(time.perf_counter()-t,2),"
               "'peak_mb':round(r.ru_maxrss/1024),'exit':os.waitstatus_to_exitcode(s)}))")
    out = cwd / ".bench-stdout"
    result = subprocess.run([sys.executable, "-c", wrapper, *command], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, "BENCH_OUT": str(out)}, check=True)
    stats = json.loads(result.stdout)
    stats["stdout"] = out.read_text("utf-8", errors="replace")
    out.unlink()
    return stats


def package(work: Path, n: int) -> Path:
    root = work / f"n{n}"
    if not (root / "injected.json").exists():
        shutil.rmtree(root, ignore_errors=True)
        command = [sys.executable, str(REPO / "scripts" / "synth.py"), str(root), "--incidents", str(n),
                   "--errors", "1"] + (["--yaml"] if n <= YAML_UP_TO else [])
        print(f"writing the synthetic package of {n:,} incidents ...", flush=True)
        subprocess.run(command, check=True)
    return root


def bench_size(work: Path, n: int) -> dict:
    root = package(work, n)
    verify = ["autodefensas", "verify", "-q", "--baseline", "", "--format", "json"]
    runs: dict[str, dict] = {}
    layers = ["coding", "drift"] if n <= YAML_UP_TO else []
    for layer in layers + ["contract", "rules", "quality"]:
        runs[layer] = measured(verify + ["--layer", layer], root)
    runs["contract+rules"] = measured(verify + ["--layer", "contract", "--layer", "rules"], root)
    runs["contract+rules+quality"] = measured(verify + ["--layer", "contract", "--layer", "rules", "--layer", "quality"],
                                              root)
    if layers:
        runs["verify (all layers)"] = measured(verify, root)
    runs["frictionless validate"] = measured(["frictionless", "validate", "datapackage.json"], root)
    reported = {(p["rule"], p["file"], p["line"]) for p in json.loads(runs["contract+rules"]["stdout"])["problems"]}
    injected = json.loads((root / "injected.json").read_text("utf-8"))
    missed = [i for i in injected if (EXPECTED_RULE[i["kind"]], f"data/{i['table']}.csv", i["line"]) not in reported]
    sizes = {p.name: p.stat().st_size for p in (root / "data").glob("*.csv")}
    rows = {p.stem: sum(1 for _ in p.open("rb")) - 1 for p in (root / "data").glob("*.csv")}
    for result in runs.values():
        result.pop("stdout", None)
    return {
        "incidents": n, "rows": sum(rows.values()), "csv_mb": round(sum(sizes.values()) / 1e6),
        "runs": runs, "injected": len(injected), "missed": missed,
        "ratio_frictionless_to_contract_rules": round(
            runs["frictionless validate"]["wall_s"] / runs["contract+rules"]["wall_s"], 1),
    }


def plot(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = ["frictionless validate", "contract+rules", "contract+rules+quality", "quality", "verify (all layers)"]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for name in names:
        points = [(r["rows"], r["runs"][name]["wall_s"]) for r in results if name in r["runs"]]
        ax.plot(*zip(*points), marker="o", label=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("rows in the package (all four tables)")
    ax.set_ylabel("wall time, whole process (s)")
    ax.set_title("autodefensas verify vs frictionless validate (2 cores)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def table(results: list[dict]) -> str:
    lines = ["| incidents | rows | CSV MB | step | wall s | peak MB |", "|---|---|---|---|---|---|"]
    for r in results:
        for name, run in r["runs"].items():
            lines.append(f"| {r['incidents']:,} | {r['rows']:,} | {r['csv_mb']} | {name} | {run['wall_s']} | "
                         f"{run['peak_mb']} |")
        lines.append(f"| {r['incidents']:,} | | | **frictionless / (contract+rules)** | "
                     f"**{r['ratio_frictionless_to_contract_rules']}×** | |")
        lines.append(f"| {r['incidents']:,} | | | injected errors reported | "
                     f"{r['injected'] - len(r['missed'])} of {r['injected']} | |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/autodefensas-bench"))
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = [bench_size(args.work, n) for n in args.sizes]
    previous = args.out / "performance.json"
    if previous.exists():  # keep the sizes not measured this time
        kept = [r for r in json.loads(previous.read_text("utf-8"))["results"] if r["incidents"] not in args.sizes]
        results = sorted(kept + results, key=lambda r: r["incidents"])
    report = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
              "command": "python scripts/bench.py", "results": results}
    (args.out / "performance.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    plot(results, args.out / "performance.png")
    print(table(results))
    return 0 if all(not r["missed"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
