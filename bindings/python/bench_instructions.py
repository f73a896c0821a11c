"""Instructions per call of the Python binding under callgrind (a report, not a test).

    python bench_instructions.py            # runs itself under valgrind, prints the table
    python bench_instructions.py WORKLOAD N # one run: WORKLOAD called N times (used by the above)

Each workload runs under `valgrind --tool=callgrind` twice, with LOW and HIGH calls; the
difference over HIGH - LOW is the cost of one call (start-up, imports and inputs cancel out).
Workloads: the typical case (bench.py's) through evaluate(dict), evaluate(str) and plan(dict),
and the vignettes through evaluate_many (per case) and evaluate_json in a loop (per case).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

LOW, HIGH = 200, 1200
BATCH_LOW, BATCH_HIGH = 20, 120


def workloads():
    import edx_coverage
    from bench import typical_case, vignettes

    typical = typical_case()
    # The same case with every key and word interned, as a dict written in Python source.
    literal = json.loads(json.dumps(typical), object_pairs_hook=lambda kv: {
        sys.intern(k): sys.intern(v) if isinstance(v, str) else v for k, v in kv})
    literal = {k: [{f: sys.intern(v) if isinstance(v, str) else v for f, v in e.items()}
                   if isinstance(e, dict) else sys.intern(e) if isinstance(e, str) else e
                   for e in v] if isinstance(v, list) else v for k, v in literal.items()}
    text = json.dumps(typical)
    batch = vignettes()
    batch_text = [json.dumps(c) for c in batch]
    return {
        "evaluate(dict)/typical": (1, lambda: edx_coverage.evaluate(typical)),
        "evaluate(dict)/typical, interned": (1, lambda: edx_coverage.evaluate(literal)),
        "evaluate(str)/typical": (1, lambda: edx_coverage.evaluate(text)),
        "plan(dict)/typical": (1, lambda: edx_coverage.plan(typical)),
        "evaluate_many(dicts)/vignettes": (len(batch), lambda: edx_coverage.evaluate_many(batch)),
        "evaluate_json(str) loop/vignettes": (
            len(batch),
            lambda: [edx_coverage.evaluate_json(c) for c in batch_text],
        ),
    }


def run_once(name: str, n: int) -> None:
    _, fn = workloads()[name]
    for _ in range(n):
        fn()


def instructions(name: str, n: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cg.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable,
             __file__, name, str(n)],
            check=True, capture_output=True, cwd=Path(__file__).parent,
        )
        match = re.search(r"^summary:\s+(\d+)", out.read_text(), re.M)
        if not match:
            sys.exit(f"no summary in callgrind output for {name}")
        return int(match.group(1))


def main() -> None:
    if len(sys.argv) == 3:
        run_once(sys.argv[1], int(sys.argv[2]))
        return
    only = sys.argv[1] if len(sys.argv) == 2 else ""
    for name, (per, _) in workloads().items():
        if only not in name:
            continue
        low, high = (BATCH_LOW, BATCH_HIGH) if per > 1 else (LOW, HIGH)
        cost = (instructions(name, high) - instructions(name, low)) / (high - low) / per
        print(f"{name:<36} {cost:10,.0f} instructions per case")


if __name__ == "__main__":
    main()
