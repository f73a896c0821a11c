#!/usr/bin/env python3
"""Instruction counts per call under valgrind's callgrind, checked against a baseline.

Timings on a shared 2-core machine move by 10-40 %; instruction counts of the same binary on
the same input do not. This script builds the `instructions` bench binaries of the engine
(`benches/instructions.rs`) and of the FHIR crate (`fhir/benches/instructions.rs`), runs
each workload under callgrind with 0 and with N iterations, and takes the difference over N:
the instructions of one call, start-up and fixed inputs cancelled out.

    python3 scripts/instructions.py            # check: fail when one grows > 10 % over the baseline
    python3 scripts/instructions.py --update   # write benches/instructions.baseline
    python3 scripts/instructions.py --only evaluate/typical

The baseline is `benches/instructions.baseline` (one `package workload instructions` line
each). Update it on purpose, in a commit that says why the count moved. BENCHMARKS.md
("Instruction counts") explains the method.
"""

import argparse
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "benches" / "instructions.baseline"
TOLERANCE = 0.10
# Iterations per workload: enough that one call's cost dominates rounding; fewer for the
# slow ones so a check stays a few seconds.
ITERATIONS = {"evaluate/largest": 20, "cds_hooks/": 50, "json/evaluate_str/batch": 10,
              "json/serde_typed/batch": 10, "floor/serde_json_value/batch": 10}
DEFAULT_ITERATIONS = 200

# The packages with an `instructions` bench, by manifest. They are built by one cargo invocation,
# with every feature of the engine: the dependencies they share are then built once, with one
# feature set (two invocations built serde_json, proptest, criterion and the engine twice).
PACKAGES = {"edx-coverage": ROOT / "Cargo.toml", "edx-coverage-fhir": ROOT / "fhir" / "Cargo.toml"}


def build():
    """Builds every package's `instructions` bench binary; returns {package: path}."""
    cmd = ["cargo", "bench", "--no-run", "--quiet", "--bench", "instructions", "--all-features",
           "--message-format=json"]
    for package in PACKAGES:
        cmd += ["-p", package]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    by_manifest = {}
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("executable") and \
                msg["target"]["name"] == "instructions":
            by_manifest[Path(msg["manifest_path"]).resolve()] = msg["executable"]
    found = {}
    for package, manifest in PACKAGES.items():
        exe = by_manifest.get(manifest.resolve())
        if exe is None:
            sys.exit(f"no instructions bench binary for {package}")
        found[package] = exe
    return found


def collected(exe, workload, n):
    """Instructions callgrind collects for `exe workload n`."""
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", exe, workload, str(n)]
    env = dict(os.environ, LC_ALL="C")
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    if r.returncode != 0:
        sys.exit(f"{workload}: valgrind exit {r.returncode}\n{r.stderr[-2000:]}")
    m = re.search(r"Collected : (\d+)", r.stderr)
    if not m:
        sys.exit(f"{workload}: no 'Collected' line from callgrind\n{r.stderr[-2000:]}")
    return int(m.group(1))


def iterations(workload):
    for prefix, n in ITERATIONS.items():
        if workload.startswith(prefix):
            return n
    return DEFAULT_ITERATIONS


def measure(only):
    """Every workload's instructions per call, in the binaries' order.

    Callgrind runs one process per count and each is single-threaded, so the runs go to a
    pool as wide as the machine; a count does not depend on what else runs beside it.
    """
    jobs = []
    for package, exe in build().items():
        listed = subprocess.run([exe, "--list"], capture_output=True, text=True, check=True)
        jobs += [(package, exe, w) for w in listed.stdout.split() if not only or w in only]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        counts = [(pool.submit(collected, exe, w, iterations(w)), pool.submit(collected, exe, w, 0))
                  for _, exe, w in jobs]
        results = []
        for (package, _, workload), (many, none) in zip(jobs, counts):
            n = iterations(workload)
            per_call = (many.result() - none.result()) // n
            results.append((package, workload, per_call))
            print(f"{package:18} {workload:42} {per_call:>12,}", flush=True)
    return results


def read_baseline():
    base = {}
    if BASELINE.exists():
        for line in BASELINE.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                package, workload, count = line.split()
                base[(package, workload)] = int(count)
    return base


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--update", action="store_true", help="write the baseline instead of checking")
    ap.add_argument("--only", action="append", default=[], help="one workload (repeatable)")
    args = ap.parse_args()
    results = measure(set(args.only))
    if args.update:
        lines = ["# Instructions per call under callgrind (scripts/instructions.py --update).",
                 "# package workload instructions"]
        lines += [f"{p} {w} {c}" for p, w, c in results]
        BASELINE.write_text("\n".join(lines) + "\n")
        print(f"wrote {BASELINE.relative_to(ROOT)}")
        return
    base = read_baseline()
    failed = []
    for package, workload, count in results:
        want = base.get((package, workload))
        if want is None:
            failed.append(f"{package} {workload}: not in the baseline")
        elif count > want * (1 + TOLERANCE):
            failed.append(f"{package} {workload}: {count:,} instructions per call, "
                          f"{count / want - 1:+.1%} over the baseline's {want:,}")
    if failed:
        print("\ninstruction counts grew more than 10 % over benches/instructions.baseline:")
        for f in failed:
            print(f"  {f}")
        print("If the growth is intended, run `python3 scripts/instructions.py --update` and commit\n"
              "benches/instructions.baseline with the reason in the commit message.")
        sys.exit(1)
    print(f"all {len(results)} workloads within {TOLERANCE:.0%} of the baseline")


if __name__ == "__main__":
    main()
