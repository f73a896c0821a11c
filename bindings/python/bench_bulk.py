"""Scoring in bulk (a report, not a test): python bench_bulk.py [N] [--spark] [--crate BIN]

(--spark-only: the Spark figures alone; --arrow-only: the evaluate_arrow figures and the
crate's own JSON alone; --batch-sizes: evaluate_arrow's CPU time a row by the size of the
record batch it is given, each size's batch scored again and again, the sizes taken in turn
for several rounds, minimum and median.) Generates N cases (default 1,000,000: the vignettes' cases in turn,
every 7th one broken) and times, once each, in process CPU seconds (time.process_time; the
GIL-released work runs on the calling thread, so it is counted) and wall seconds:

- a plain Python loop of evaluate(dict);
- evaluate_many(list of dicts);
- evaluate_arrow on a JSON text column and on a struct column (pyarrow Table, one chunk),
  with and without plan=True, and on the struct column of the valid rows alone; and both
  columns fed as 10,000-row record batches whose results are not kept (as mapInArrow does);
- the crate's own JSON end to end on the same cases as JSON Lines: the release example
  `evaluate --jsonl FILE > /dev/null` (`--crate BIN`, default
  `$CARGO_TARGET_DIR/release/examples/evaluate`, built with
  `cargo build --release --features json --example evaluate`), in its CPU seconds (user +
  system, from the child's rusage), pinned to one core with taskset when there is one;

and with --spark, edx_coverage.spark.evaluate end to end on local[1] and local[2] (a
Parquet file of the JSON text column, read, scored, written back to Parquet; wall seconds,
since the work is in other processes).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, List, Tuple

import pyarrow as pa

import edx_coverage

REPO = Path(__file__).resolve().parents[2]


def cases(n: int) -> List[Any]:
    vignettes = sorted((REPO / "tests" / "fixtures" / "vignettes").glob("*.json"))
    good = [json.loads(p.read_text(encoding="utf-8"))["case"] for p in vignettes]
    out = []
    for i in range(n):
        case = good[i % len(good)]
        if i % 7 == 3:
            case = {**case, "diagnoses": [{"code": "R2"}]}
        out.append(case)
    return out


def timed(label: str, n: int, f: Callable[[], Any]) -> Tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    f()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"{label:<44} {cpu:7.2f} s CPU {wall:7.2f} s wall  {n / cpu:>12,.0f} rows/s (CPU)", flush=True)
    return cpu, wall


def loop(docs: List[Any]) -> None:
    for d in docs:
        try:
            edx_coverage.evaluate(d)
        except edx_coverage.InvalidInput:
            pass


def many(docs: List[Any]) -> None:
    # evaluate_many is all or nothing: the valid cases only, as a host would send them.
    edx_coverage.evaluate_many(docs)


def streamed(table: pa.Table) -> None:
    for batch in table.to_batches(max_chunksize=10_000):
        edx_coverage.evaluate_arrow(batch)


def spark_run(n: int, texts: pa.Table, cores: int) -> None:
    import os

    from pyspark.sql import SparkSession
    import pyarrow.parquet as pq

    import edx_coverage.spark

    os.environ["PYSPARK_PYTHON"] = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        src = f"{tmp}/cases.parquet"
        pq.write_table(texts, src, row_group_size=65_536)
        spark = (
            SparkSession.builder.master(f"local[{cores}]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", str(cores))
            .config("spark.driver.memory", "2g")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        df = spark.read.parquet(src).repartition(cores * 4)
        df.count()
        wall = time.perf_counter()
        edx_coverage.spark.evaluate(df).write.mode("overwrite").parquet(f"{tmp}/out.parquet")
        wall = time.perf_counter() - wall
        print(f"{'spark.evaluate local[' + str(cores) + '] parquet -> parquet':<44} {'':>18} {wall:7.2f} s wall  {n / wall:>12,.0f} rows/s (wall)", flush=True)
        spark.stop()


def crate_json(n: int, texts: List[str]) -> None:
    """The crate's own JSON path end to end (parse, evaluate, write), one case per line."""
    import os
    import resource
    import shutil
    import subprocess

    default = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "release" / "examples" / "evaluate"
    binary = Path(sys.argv[sys.argv.index("--crate") + 1]) if "--crate" in sys.argv else default
    if not binary.exists():
        print(f"(no {binary}: cargo build --release --features json --example evaluate)", flush=True)
        return
    with tempfile.TemporaryDirectory() as tmp:
        lines = Path(tmp) / "cases.jsonl"
        lines.write_text("\n".join(texts) + "\n", encoding="utf-8")
        command = [str(binary), "--jsonl", str(lines)]
        if shutil.which("taskset"):
            command = ["taskset", "-c", "0", *command]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        # Exit status 2: some lines were refused (every 7th), as expected.
        subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        label = "crate's own JSON: evaluate --jsonl"
        print(f"{label:<44} {cpu:7.2f} s CPU {wall:7.2f} s wall  {n / cpu:>12,.0f} rows/s (CPU)", flush=True)


def batch_sizes(rounds: int = 9) -> None:
    """CPU time a row of evaluate_arrow on one struct record batch, by the batch's size.
    Only the Arrow data is kept alive (no Python dicts for the collector to walk)."""
    import gc

    sizes = (1_000, 4_000, 10_000, 32_000, 65_536)
    column = pa.array(cases(max(sizes)))
    batches = {n: pa.record_batch([column.slice(0, n)], names=["case"]) for n in sizes}
    gc.collect()
    seen: dict = {n: [] for n in sizes}
    for _ in range(rounds):
        for n, batch in batches.items():
            calls = max(1, 40_000 // n)
            cpu = time.process_time()
            for _ in range(calls):
                edx_coverage.evaluate_arrow(batch)
            seen[n].append((time.process_time() - cpu) / (calls * n) * 1e9)
    print(f"evaluate_arrow on one struct record batch, every 7th row refused, {rounds} rounds:")
    for n, per_row in seen.items():
        per_row.sort()
        low, mid = per_row[0], per_row[len(per_row) // 2]
        print(f"{n:>8,} rows a batch: {low:5.0f} ns a row (min) {mid:5.0f} (median)  {1e9 / mid:>12,.0f} rows/s (CPU, median)", flush=True)


def main() -> None:
    if "--batch-sizes" in sys.argv:
        batch_sizes()
        return
    argv = sys.argv[1:]
    binary_at = {argv.index("--crate") + 1} if "--crate" in argv else set()
    args = [a for i, a in enumerate(argv) if not a.startswith("--") and i not in binary_at]
    n = int(args[0]) if args else 1_000_000
    docs = cases(n)
    texts = [json.dumps(d) for d in docs]
    text_table = pa.table({"case": texts})
    struct_table = pa.table({"case": pa.array(docs)})
    valid = [d for i, d in enumerate(docs) if i % 7 != 3]
    print(f"{n:,} cases ({n - len(valid):,} refused), edx-coverage {edx_coverage.__version__}")
    if "--spark-only" in sys.argv:
        for cores in (1, 2):
            spark_run(n, text_table, cores)
        return
    valid_table = pa.table({"case": pa.array(valid)})
    if "--arrow-only" not in sys.argv:
        timed("Python loop: evaluate(dict)", n, lambda: loop(docs))
        timed(f"evaluate_many (the {len(valid):,} valid dicts)", len(valid), lambda: many(valid))
    crate_json(n, texts)
    timed("evaluate_arrow, JSON text column", n, lambda: edx_coverage.evaluate_arrow(text_table))
    timed("evaluate_arrow, struct column", n, lambda: edx_coverage.evaluate_arrow(struct_table))
    timed(f"evaluate_arrow, struct column, {len(valid):,} valid", len(valid), lambda: edx_coverage.evaluate_arrow(valid_table))
    # As Spark's mapInArrow and DuckDB feed it: batches of 10,000 rows (Spark's default
    # spark.sql.execution.arrow.maxRecordsPerBatch), each result handed on, not kept.
    timed("evaluate_arrow, JSON text, 10,000-row batches", n, lambda: streamed(text_table))
    timed("evaluate_arrow, struct, 10,000-row batches", n, lambda: streamed(struct_table))
    try:
        edx_coverage.evaluate_arrow(text_table.slice(0, 1), plan=True)
    except TypeError:
        print("(no plan=True in this build)", flush=True)
        return
    timed("evaluate_arrow, JSON text column, plan=True", n, lambda: edx_coverage.evaluate_arrow(text_table, plan=True))
    timed("evaluate_arrow, struct column, plan=True", n, lambda: edx_coverage.evaluate_arrow(struct_table, plan=True))
    if "--spark" in sys.argv:
        for cores in (1, 2):
            spark_run(n, text_table, cores)


if __name__ == "__main__":
    main()
