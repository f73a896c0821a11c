#!/usr/bin/env bash
# CI for the Python binding, exactly what the README tells a Python user to run: a fresh
# virtual environment, maturin / pytest / Hypothesis / hypothesis-jsonschema (and pyarrow,
# pyspark, dask for the bulk tests: Arrow, Spark local[2], a 2-process Dask cluster) from PyPI, the
# package built from source by `pip install ./bindings/python`, then its tests.
#
# Usage: bindings/python/ci.sh                 everything, in a new virtual environment
#        bindings/python/ci.sh --deps-only DIR  only make DIR, a virtual environment with the
#                                               test dependencies (.ci/prepare.sh does this
#                                               while the Rust steps compile)
#        EDX_PY_VENV=DIR bindings/python/ci.sh  build, install and test in DIR, made by
#                                               --deps-only in this same CI run
# Run from anywhere; works on the repository this script is in.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The venv with the test dependencies: pytest, Hypothesis, the bulk engines.
make_deps_venv() {
  local venv="$1"
  echo "== python: fresh virtual environment ($venv)"
  python3 -m venv "$venv"
  echo "== python: pip install maturin pytest hypothesis hypothesis-jsonschema"
  # hypothesis-jsonschema 0.23.1 uses a Hypothesis internal (many.more) that Hypothesis
  # removed in 6.170.10; hold Hypothesis below that until hypothesis-jsonschema catches up.
  "$venv/bin/pip" install --quiet --disable-pip-version-check maturin pytest "hypothesis<6.170.10" hypothesis-jsonschema
  echo "== python: pip install pyarrow pyspark dask[dataframe,distributed] (scoring in bulk)"
  # Spark runs on the JVM: the machine's Java 17, or a JRE from apt when there is none.
  if ! command -v java >/dev/null 2>&1; then
    echo "== python: no java; apt-get install default-jre-headless"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check pyarrow pyspark "dask[dataframe,distributed]"
}

if [ "${1:-}" = "--deps-only" ]; then
  make_deps_venv "${2:?a directory for the virtual environment}"
  exit 0
fi

if [ -n "${EDX_PY_VENV:-}" ]; then
  venv="$EDX_PY_VENV"
  echo "== python: the virtual environment prepared in this run ($venv)"
else
  venv="$(mktemp -d)/venv"
  trap 'rm -rf "$(dirname "$venv")"' EXIT
  make_deps_venv "$venv"
fi
# shellcheck disable=SC1091
. "$venv/bin/activate"

echo "== python: pip install ./bindings/python"
# A test build in cargo's dev profile: the Arrow crates are most of the wheel's build, and
# unoptimised they build in a third of the time (84 s against 226 s at opt-level 1 on the CI
# machine) while the tests run about 40 s longer. bench.py and bench_bulk.py measure a normal
# release build.
MATURIN_PEP517_ARGS="--profile dev" pip install --quiet --disable-pip-version-check ./bindings/python

echo "== python: pytest bindings/python/tests"
# --durations: the Spark and Dask tests' share of the time shows in the CI log.
python -m pytest bindings/python/tests -q --durations=6
