"""Write a synthetic autodefensas package: N incidents, 3N claims, documents with texts.

    python scripts/synth.py OUT --incidents 10000 [--seed 0] [--yaml] [--errors K]

--yaml writes seeds/ as YAML sheets and registries and builds from them (the whole
build path; practical up to ~50k incidents); without it the same records go through
the build from the coding onwards. --errors K then breaks K rows for each kind of
error (type, enum, pattern, range, pk_duplicate, fk_dangling, cross_field,
quote_mismatch) and writes the list of what it broke to OUT/injected.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

from autodefensas.synthetic import generate, inject, write_package


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the package into (must not exist)")
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--yaml", action="store_true", help="write YAML seeds and build from them")
    parser.add_argument("--errors", type=int, default=0, help="rows to break per kind of error")
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} exists: give a new folder")
    started = time.perf_counter()
    built = write_package(args.out, generate(args.incidents, args.seed), yaml_seeds=args.yaml)
    if built is not None and not built.report.ok:
        print(built.report.format_text(), file=sys.stderr)
        return 1
    if args.errors:
        injected = inject(args.out, args.errors, args.seed)
        (args.out / "injected.json").write_text(
            json.dumps([dataclasses.asdict(i) for i in injected], indent=2) + "\n", "utf-8")
    print(f"wrote {args.out} ({args.incidents} incidents) in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
