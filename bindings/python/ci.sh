#!/usr/bin/env bash
# CI for the Python binding, exactly what the README tells a Python user to run: a fresh
# virtual environment, maturin / pytest / Hypothesis / hypothesis-jsonschema from PyPI, the
# package built from source by `pip install ./bindings/python`, then its tests.
# Run from anywhere; works on the repository this script is in.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$venv")"' EXIT

echo "== python: fresh virtual environment ($venv)"
python3 -m venv "$venv"
# shellcheck disable=SC1091
. "$venv/bin/activate"

echo "== python: pip install maturin pytest hypothesis hypothesis-jsonschema"
# hypothesis-jsonschema 0.23.1 uses a Hypothesis internal (many.more) that Hypothesis
# removed in 6.170.10; hold Hypothesis below that until hypothesis-jsonschema catches up.
pip install --quiet --disable-pip-version-check maturin pytest "hypothesis<6.170.10" hypothesis-jsonschema

echo "== python: pip install ./bindings/python"
pip install --quiet --disable-pip-version-check ./bindings/python

echo "== python: pytest bindings/python/tests"
python -m pytest bindings/python/tests -q
