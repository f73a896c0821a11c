"""Apache Spark: score a DataFrame's cases where it lives, through ``DataFrame.mapInArrow``
over :func:`edx_coverage.evaluate_arrow`.

The package must be installed on every executor (``pip install ./bindings/python`` there,
or a wheel shipped with ``--py-files`` / a cluster library); pyarrow too, as for any Arrow
UDF in PySpark.
"""

from __future__ import annotations

import json
from typing import Any, Iterator, Optional

from ._errors import InvalidInput
from ._native import evaluate_arrow, result_schema

__all__ = ["evaluate", "result_spark_schema"]


def _plain_type(data_type: Any) -> Any:
    """``data_type`` with plain strings where it is dictionary-encoded, at any depth (the
    reasons' ``rule`` and ``sources`` are dictionaries inside a list of structs)."""
    import pyarrow as pa

    if pa.types.is_dictionary(data_type):
        return data_type.value_type
    if pa.types.is_list(data_type):
        item = data_type.value_field
        return pa.list_(item.with_type(_plain_type(item.type)))
    if pa.types.is_struct(data_type):
        fields = [data_type.field(i) for i in range(data_type.num_fields)]
        return pa.struct([f.with_type(_plain_type(f.type)) for f in fields])
    return data_type


def _plain_arrow_schema(plan: bool = False) -> Any:
    """The result schema with plain strings where evaluate_arrow dictionary-encodes
    (Spark reads no dictionary-encoded Arrow columns)."""
    import pyarrow as pa

    return pa.schema([f.with_type(_plain_type(f.type)) for f in result_schema(plan=plan)])


def result_spark_schema(plan: bool = False) -> Any:
    """The result columns as a Spark ``StructType`` (what :func:`evaluate` appends; with
    ``plan=True``, the plan's columns too)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(_plain_arrow_schema(plan))


def _policy_text(policy: Any) -> Optional[str]:
    if policy is None or isinstance(policy, str):
        return policy
    return json.dumps(policy)


def evaluate(
    df: Any, case_column: str = "case", policy: Any = None, *, policy_column: Optional[str] = None, plan: bool = False
) -> Any:
    """``df`` with the result columns of :func:`edx_coverage.evaluate_arrow` after its own
    columns, one output row per input row (a refused case is a row with ``error_path`` and
    ``error_message`` and null results; it never fails the job).

    ``case_column`` holds JSON text in the wire format or a struct shaped like it;
    ``policy`` (a dict or JSON text) applies to every row whose ``policy_column`` (if
    given) is null. ``plan=True`` adds the plan's columns (``plan_target``,
    ``plan_steps``), as :func:`edx_coverage.evaluate_arrow` does. A bad ``policy``, a missing column or a result column name already in
    ``df`` raises :class:`edx_coverage.InvalidInput` here, before any job runs.
    """
    from pyspark.sql.types import StructType

    import pyarrow as pa

    policy_text = _policy_text(policy)
    for argument, name in (("case_column", case_column), ("policy_column", policy_column)):
        if name is not None and name not in df.columns:
            raise InvalidInput(argument, f"no column {name!r} in the DataFrame (columns: {', '.join(df.columns)})")
    # Refuses a bad policy now, with its path, rather than in every task.
    evaluate_arrow(pa.table({"case": pa.array([], pa.string())}), policy=policy_text)
    plain = _plain_arrow_schema(plan)
    clash = [name for name in plain.names if name in df.columns]
    if clash:
        raise InvalidInput("df", f"already has result column(s) {', '.join(clash)}; rename them first")
    schema = StructType(list(df.schema.fields) + list(result_spark_schema(plan).fields))

    def score(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        for batch in batches:
            scored = evaluate_arrow(
                batch, policy=policy_text, case_column=case_column, policy_column=policy_column, plan=plan
            )
            columns = list(batch.columns) + [
                column.cast(field.type) for column, field in zip(scored.columns, plain)
            ]
            yield pa.RecordBatch.from_arrays(columns, names=list(batch.schema.names) + plain.names)

    return df.mapInArrow(score, schema)
