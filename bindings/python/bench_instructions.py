"""Instructions per call of the Python binding under callgrind (a report, not a test).

    python bench_instructions.py            # runs itself under valgrind, prints the table
    python bench_instructions.py WORKLOAD N # one run: WORKLOAD called N times (used by the above)
    python bench_instructions.py --arrow [--keep DIR]   # evaluate_arrow, instructions per row

Each workload runs under `valgrind --tool=callgrind` twice, with LOW and HIGH calls; the
difference over HIGH - LOW is the cost of one call (start-up, imports and inputs cancel out).
Workloads: the typical case (bench.py's) through evaluate(dict), evaluate(str) and plan(dict),
and the vignettes through evaluate_many (per case) and evaluate_json in a loop (per case), and
the floor of evaluate_many: its results written as one Python literal (bench.py's
as_literals), made and freed, per case.

--arrow: evaluate_arrow on a struct column and on a JSON text column, on valid rows only and
with every 7th row refused (bench_bulk.py's generated cases: the vignettes' cases in turn, the
refused rows with the diagnosis code "R2"). Each table is written as an Arrow IPC file first
(outside valgrind); each run under callgrind memory-maps one file (zero-copy) and makes one
call, and the difference between ARROW_HIGH and ARROW_LOW rows over ARROW_HIGH - ARROW_LOW is
the cost of one row (start-up, imports and the call's fixed costs cancel out). --keep DIR
keeps the callgrind files (for `callgrind_annotate --inclusive=yes`).
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
ARROW_LOW, ARROW_HIGH = 2_000, 12_000


def workloads():
    import edx_coverage
    from bench import as_literals, typical_case, vignettes

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
        "results as literals (the floor)/vignettes": (
            len(batch), as_literals(edx_coverage.evaluate_many(batch))),
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
        return callgrind([name, str(n)], Path(tmp) / "cg.out")


def arrow_rows(n: int, refused: bool) -> list:
    """`n` of bench_bulk.py's generated cases; without `refused`, its valid rows only (the
    same filter as its "valid rows" figure), `n` of them."""
    from bench_bulk import cases

    if refused:
        return cases(n)
    return [c for i, c in enumerate(cases(n * 7 // 6 + 7)) if i % 7 != 3][:n]


ARROW_WORKLOADS = {
    "evaluate_arrow struct, valid rows": ("struct", False),
    "evaluate_arrow struct, 1 in 7 refused": ("struct", True),
    "evaluate_arrow JSON text, valid rows": ("text", False),
    "evaluate_arrow JSON text, 1 in 7 refused": ("text", True),
}


def arrow_file(directory: Path, name: str, n: int) -> Path:
    import pyarrow as pa

    shape, refused = ARROW_WORKLOADS[name]
    docs = arrow_rows(n, refused)
    column = pa.array(docs) if shape == "struct" else pa.array([json.dumps(d) for d in docs])
    path = directory / f"{shape}-{int(refused)}-{n}.arrow"
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, pa.schema([("case", column.type)])) as w:
        w.write_table(pa.table({"case": column}))
    return path


def arrow_run(path: str) -> None:
    import pyarrow as pa
    import edx_coverage

    table = pa.ipc.open_file(pa.memory_map(path)).read_all()
    # A first call on a few rows: what the first call does once (imports on the pyarrow
    # side, tables made once per process) is then outside the difference between the two
    # sizes, where it varied by a few hundred thousand instructions from run to run.
    edx_coverage.evaluate_arrow(table.slice(0, 7))
    edx_coverage.evaluate_arrow(table)


def callgrind(args: list, out: Path) -> int:
    subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__, *args],
        check=True, capture_output=True, cwd=Path(__file__).parent,
    )
    match = re.search(r"^summary:\s+(\d+)", out.read_text(), re.M)
    if not match:
        sys.exit(f"no summary in callgrind output for {args}")
    return int(match.group(1))


def arrow_main(keep: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(keep or tmp)
        directory.mkdir(parents=True, exist_ok=True)
        for name in ARROW_WORKLOADS:
            counts = []
            for n in (ARROW_LOW, ARROW_HIGH):
                path = arrow_file(directory, name, n)
                counts.append(callgrind(["--arrow-run", str(path)], path.with_suffix(".callgrind")))
            cost = (counts[1] - counts[0]) / (ARROW_HIGH - ARROW_LOW)
            print(f"{name:<44} {cost:10,.0f} instructions per row", flush=True)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--arrow-run":
        arrow_run(sys.argv[2])
        return
    if "--arrow" in sys.argv:
        keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else ""
        arrow_main(keep)
        return
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
