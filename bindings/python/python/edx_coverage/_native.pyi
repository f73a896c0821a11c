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
