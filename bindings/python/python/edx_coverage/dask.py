"""Dask: score a Dask DataFrame's cases partition by partition, ``map_partitions`` over
:func:`edx_coverage.evaluate_arrow` with ``meta`` declared.

Each worker needs the package and pyarrow installed (as for any Dask task that imports a
library).
"""

from __future__ import annotations

import json
from typing import Any, List, Optional

from ._errors import InvalidInput
from ._native import evaluate_arrow

__all__ = ["evaluate", "score_partition"]


def _policy_text(policy: Any) -> Optional[str]:
    if policy is None or isinstance(policy, str):
        return policy
    return json.dumps(policy)


def _arrow_column(values: Any) -> Any:
    """A pandas column as Arrow: JSON text stays text, dicts become a struct; an empty or
    all-null column (Dask's ``meta``) is text."""
    import pyarrow as pa

    array = pa.array(values.tolist() if hasattr(values, "tolist") else list(values), from_pandas=True)
    if pa.types.is_null(array.type):
        array = array.cast(pa.string())
    return array


def score_partition(
    pdf: Any,
    case_column: str = "case",
    policy: Optional[str] = None,
    policy_column: Optional[str] = None,
    plan: bool = False,
) -> Any:
    """One pandas partition with the result columns appended (with ``plan=True``, the
    plan's columns too), index kept. Result columns are plain Python values: strings,
    ``None``, and lists (of strings or of dicts)."""
    import pandas as pd
    import pyarrow as pa

    columns = {"case": _arrow_column(pdf[case_column])}
    if policy_column is not None:
        columns["policy"] = _arrow_column(pdf[policy_column])
    scored = evaluate_arrow(
        pa.table(columns),
        policy=policy,
        case_column="case",
        policy_column=None if policy_column is None else "policy",
        plan=plan,
    )
    results = pd.DataFrame(
        {name: pd.Series(scored.column(name).to_pylist(), index=pdf.index, dtype=object) for name in scored.schema.names},
        index=pdf.index,
    )
    return pd.concat([pdf, results], axis=1)


def evaluate(
    ddf: Any, case_column: str = "case", policy: Any = None, *, policy_column: Optional[str] = None, plan: bool = False
) -> Any:
    """``ddf`` with the result columns of :func:`edx_coverage.evaluate_arrow` after its own
    columns (``object`` dtype), one output row per input row, index kept. A refused case is
    a row with ``error_path`` and ``error_message`` set; it never fails the computation.
    ``plan=True`` adds the plan's columns (``plan_target``, ``plan_steps``).
    A bad ``policy``, a missing column or a result column already in ``ddf`` raises
    :class:`edx_coverage.InvalidInput` here, before anything runs."""
    policy_text = _policy_text(policy)
    names: List[str] = list(ddf.columns)
    for argument, name in (("case_column", case_column), ("policy_column", policy_column)):
        if name is not None and name not in names:
            raise InvalidInput(argument, f"no column {name!r} in the DataFrame (columns: {', '.join(map(str, names))})")
    meta = score_partition(ddf._meta, case_column, policy_text, policy_column, plan)
    clash = [n for n in meta.columns[len(names):] if n in names]
    if clash:
        raise InvalidInput("ddf", f"already has result column(s) {', '.join(clash)}; rename them first")
    return ddf.map_partitions(score_partition, case_column, policy_text, policy_column, plan, meta=meta)
