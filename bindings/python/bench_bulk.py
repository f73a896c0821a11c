"""Scoring in bulk (a report, not a test): python bench_bulk.py [N] [--spark]

(--spark-only: the Spark figures alone.) Generates N cases (default 1,000,000: the vignettes' cases in turn, every 7th one broken)
and times, once each, in process CPU seconds (time.process_time; the GIL-released work
runs on the calling thread, so it is counted) and wall seconds:

- a plain Python loop of evaluate(dict);
- evaluate_many(list of dicts);
- evaluate_arrow on a JSON text column and on a struct column (pyarrow Table, one chunk);

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


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
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
    timed("Python loop: evaluate(dict)", n, lambda: loop(docs))
    timed(f"evaluate_many (the {len(valid):,} valid dicts)", len(valid), lambda: many(valid))
    timed("evaluate_arrow, JSON text column", n, lambda: edx_coverage.evaluate_arrow(text_table))
    timed("evaluate_arrow, struct column", n, lambda: edx_coverage.evaluate_arrow(struct_table))
    if "--spark" in sys.argv:
        for cores in (1, 2):
            spark_run(n, text_table, cores)


if __name__ == "__main__":
    main()
