"""Type stubs of the native module (re-exported by ``edx_coverage``)."""

from typing import Any, Dict, Iterable, List, Literal, Optional, Union

# A case or policy: a dict in the wire format, or the same document as JSON text.
Document = Union[str, Dict[str, Any]]

RULESET: str
"""The ruleset identifier every determination carries, e.g. ``"edx-coverage/4"``."""

__version__: str

def evaluate(case: Document, policy: Optional[Document] = None) -> Dict[str, Any]:
    """The determination (wire format) for ``case`` under ``policy`` (default: the strict
    policy): thirteen fields, since ruleset 4 including ``diagnosis_code_issues``, a list of
    ``{"code": str, "status": "header" | "unknown"}`` (empty when every diagnosis code is
    billable in the FY2026 ICD-10-CM code set). Raises ``InvalidInput`` for anything the
    crate refuses."""

def evaluate_json(case_json: str, policy_json: Optional[str] = None) -> str:
    """As ``evaluate``, JSON text in and compact JSON text out."""

def evaluate_many(
    cases: Iterable[Document], policy: Optional[Document] = None
) -> List[Dict[str, Any]]:
    """One determination per case, in order, all under one policy, with the GIL released
    while the crate works. The first refused case raises ``InvalidInput`` (path
    ``cases[i]...``) and nothing is returned."""

def plan(case: Document, policy: Optional[Document] = None) -> Dict[str, Any]:
    """The path to coverage for ``case`` under ``policy``: ``ruleset``, ``from`` and
    ``target`` (coverage outlooks), ``steps`` (each with ``step``, ``actor``,
    ``conditional``, the fields of its kind, ``clears`` and ``without``) and ``remaining``
    (``documentation_gaps`` and ``pitfalls``). The smallest set of honest changes after which
    the same rules give the best outlook the case can reach; no steps when that is
    ``likely_denied``. ``schema/plan.schema.json`` in the repository is its JSON Schema.
    Raises ``InvalidInput`` as ``evaluate`` does."""

def explain(
    case: Document,
    policy: Optional[Document] = None,
    audience: Literal["patient", "clinician", "coder"] = "clinician",
) -> str:
    """The determination in words for ``audience``, the path to coverage included."""

def crd(
    case: Document,
    policy: Optional[Document] = None,
    *,
    date: str,
    coverage: str,
    assertion_id: str,
) -> Dict[str, Any]:
    """The Da Vinci CRD ``ext-coverage-information`` extension (FHIR R4 ``Extension``)."""

def cds_card(case: Document, policy: Optional[Document] = None) -> Dict[str, Any]:
    """A CDS Hooks card."""

def evaluate_arrow(
    data: Any,
    *,
    policy: Optional[Document] = None,
    case_column: str = "case",
    policy_column: Optional[str] = None,
    plan: bool = False,
) -> Any:
    """One result row per row of ``data`` (anything with ``__arrow_c_array__`` or
    ``__arrow_c_stream__``: a pyarrow Table, RecordBatch or RecordBatchReader, a polars
    DataFrame, a DuckDB relation), in order, as a pyarrow ``RecordBatch`` (for a record
    batch) or ``Table``. ``case_column`` holds JSON text in the wire format or a struct
    shaped like it; ``policy_column`` (optional) one policy per row, text or struct, a null
    meaning ``policy``. Columns: ``ruleset``; ``indication`` and ``coverage``
    (dictionary-encoded); each set as ``list<string>``; ``suggested_codes``,
    ``procedure_corrections``, ``diagnosis_code_issues`` and ``reasons`` as lists of
    structs (a reason's ``rule`` and ``sources`` dictionary-encoded over every rule id and
    source); ``error_path`` and ``error_message``, null when the row is valid. A refused
    row has only the two error columns set; it never fails the batch. With ``plan=True``,
    two more columns: ``plan_target`` (dictionary-encoded) and ``plan_steps``, a list of
    structs with the fields of the plan's steps (a field of another kind of step is
    null), both null for a refused row. The GIL is released while the rows are
    evaluated."""

def result_schema(*, plan: bool = False) -> Any:
    """The pyarrow ``Schema`` of ``evaluate_arrow``'s result (with ``plan=True``, with
    the plan's columns)."""
