"""The package's one exception type, and how a value the json module cannot write is named."""

from __future__ import annotations

import math
from typing import Any, Optional, Tuple

__all__ = ["InvalidInput"]


class InvalidInput(ValueError):
    """An input edx-coverage refuses.

    ``path`` names the offending value in the wire format's terms (``"findings[2].kind"``,
    ``"policy.min_trial_days"``; ``""`` for the case document itself, ``"policy"`` for the
    policy document, ``"cases[3]..."`` in a batch, or the argument's name such as
    ``"audience"``). ``message`` says what is wrong, without the path. ``str(error)`` is
    ``"path: message"``.
    """

    path: str
    message: str

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message

    def __reduce__(self) -> Tuple[Any, Tuple[str, str]]:
        # Pickles (for multiprocessing) with both fields, not the formatted text.
        return (type(self), (self.path, self.message))


# Deeper than this, the json module's C encoder gives up with RecursionError anyway.
_MAX_DEPTH = 500


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _problem(value: Any, path: str, depth: int, seen: set) -> Optional[Tuple[str, str]]:
    """The path and reason of the first value json cannot write, depth first, or None."""
    if depth > _MAX_DEPTH:
        return path, "is nested too deeply"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path, "is not valid Unicode text (it holds a lone surrogate)"
        return None
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return path, f"{value!r} is not a JSON number"
        return None
    if value is None or isinstance(value, (bool, int)):
        return None
    if isinstance(value, (dict, list, tuple)):
        if id(value) in seen:
            return path, "contains itself (a circular reference)"
        seen.add(id(value))
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    return path, f"has a key of type {type(key).__name__}; keys must be strings"
                if isinstance(key, str):
                    found = _problem(key, path, depth + 1, seen)
                    if found is not None:
                        return path, f"key {found[1]}"
                found = _problem(item, _join(path, str(key)), depth + 1, seen)
                if found is not None:
                    return found
        else:
            for index, item in enumerate(value):
                found = _problem(item, f"{path}[{index}]", depth + 1, seen)
                if found is not None:
                    return found
        seen.discard(id(value))
        return None
    return path, f"expected a JSON value (dict, list, str, int, float, bool or None), found {type(value).__name__}"


def _encoding_error(value: Any, root: str, cause: BaseException) -> InvalidInput:
    """The InvalidInput for an argument the json module could not write (called from Rust)."""
    if isinstance(cause, RecursionError):
        return InvalidInput(root, "is nested too deeply")
    try:
        found = _problem(value, root, 0, set())
    except RecursionError:
        found = (root, "is nested too deeply")
    if found is None:
        # Not located (a type the encoder refuses inside an otherwise plain value): the
        # encoder's own words.
        found = (root, str(cause))
    return InvalidInput(*found)

