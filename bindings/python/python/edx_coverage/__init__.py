"""Medical-necessity and coverage determinations for nerve conduction studies and needle EMG
ordered for muscle cramps and spasms (ICD-10-CM R25.2), from the Rust crate edx-coverage.

Cases and policies are dicts (or JSON text) in the crate's wire format; results are the
wire-format determination. Every refusal is :class:`InvalidInput` with a ``path``. The
functions are pure and thread-safe; the crate's work runs with the GIL released.
``evaluate_arrow`` scores Arrow data (pyarrow, polars, DuckDB) in bulk; the submodules
``edx_coverage.spark`` and ``edx_coverage.dask`` run it on those engines.
See the package README for the details.
"""

from ._errors import InvalidInput
from ._native import (
    RULESET,
    __version__,
    cds_card,
    crd,
    evaluate,
    evaluate_arrow,
    evaluate_json,
    evaluate_many,
    explain,
    plan,
    result_schema,
)

__all__ = [
    "RULESET",
    "InvalidInput",
    "__version__",
    "cds_card",
    "crd",
    "evaluate",
    "evaluate_arrow",
    "evaluate_json",
    "evaluate_many",
    "explain",
    "plan",
    "result_schema",
]
