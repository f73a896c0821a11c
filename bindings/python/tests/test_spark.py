"""edx_coverage.spark.evaluate with real Spark in local mode (local[2], one SparkSession for
the module, UI off): a 10,000-row DataFrame with bad rows mixed in, in a 2-partition job,
gives row for row what `evaluate` gives, after the input's own columns."""

from __future__ import annotations

import json
import os
import sys

import pytest

pytest.importorskip("pyarrow")
pyspark_sql = pytest.importorskip("pyspark.sql")

import edx_coverage.spark  # noqa: E402
from bulk import RESULT_FIELDS, as_result, expected, mixed_texts, refused_count  # noqa: E402
from edx_coverage import InvalidInput  # noqa: E402

ROWS = 10_000


@pytest.fixture(scope="module")
def spark():
    # The Python workers are this interpreter, where the package is installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("edx-coverage-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def results(rows):
    return [as_result({f: row[f] for f in [*RESULT_FIELDS, "error_path", "error_message"]}) for row in rows]


def plain(row):
    """A Spark Row as plain Python values (nested Rows as dicts)."""
    return row.asDict(recursive=True)


def test_equals_evaluate_row_by_row(spark):
    texts = mixed_texts(ROWS)
    df = spark.createDataFrame([(i, t) for i, t in enumerate(texts)], "id long, case string").repartition(2, "id")
    assert df.rdd.getNumPartitions() == 2
    scored = edx_coverage.spark.evaluate(df)
    assert scored.columns == ["id", "case", *RESULT_FIELDS, "error_path", "error_message"]
    rows = sorted((plain(r) for r in scored.collect()), key=lambda r: r["id"])
    assert [r["id"] for r in rows] == list(range(ROWS))
    assert [r["case"] for r in rows] == texts
    want = [expected(t) for t in texts]
    assert results(rows) == want
    assert refused_count(want) > 1000


def test_struct_column_policy_and_refusals(spark):
    case = {"diagnoses": [{"code": "R25.2"}], "findings": [{"kind": "fasciculations", "source": "exam"}],
            "differential": ["motor_neuron_disease"]}
    lenient = {"accept_symptom_codes_with_support": True}
    df = spark.createDataFrame(
        [(json.dumps(case),)] * 2,
        "case string",
    ).selectExpr(
        "from_json(case, 'diagnoses array<struct<code:string>>, findings array<struct<kind:string,source:string>>, "
        "differential array<string>') as case"
    )
    rows = [plain(r) for r in edx_coverage.spark.evaluate(df, policy=lenient).collect()]
    assert results(rows) == [expected(case, lenient)] * 2
    with pytest.raises(InvalidInput) as err:
        edx_coverage.spark.evaluate(df, case_column="nope")
    assert err.value.path == "case_column"
    with pytest.raises(InvalidInput) as err:
        edx_coverage.spark.evaluate(df, policy={"min_trial_days": -1})
    assert err.value.path == "policy.min_trial_days"


def test_plan_columns(spark):
    from bulk import as_plan, expected_plan

    texts = mixed_texts(600)
    df = spark.createDataFrame([(i, t) for i, t in enumerate(texts)], "id long, case string").repartition(2, "id")
    scored = edx_coverage.spark.evaluate(df, plan=True)
    assert scored.columns == ["id", "case", *RESULT_FIELDS, "error_path", "error_message", "plan_target", "plan_steps"]
    assert scored.schema == pyspark_sql.types.StructType(
        list(df.schema.fields) + list(edx_coverage.spark.result_spark_schema(plan=True).fields)
    )
    rows = sorted((plain(r) for r in scored.collect()), key=lambda r: r["id"])
    assert results(rows) == [expected(t) for t in texts]
    assert [as_plan(r) for r in rows] == [expected_plan(t) for t in texts]
