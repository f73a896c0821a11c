#!/usr/bin/env bash
# What .ci/run needs besides the Rust toolchain, fetched in the background while the Rust steps
# compile (downloads and installs wait on the network, not on the two cores):
#   - Debian packages when missing: chromium (browser tests), nodejs/npm, valgrind
#     (instruction counts), a JRE (Spark);
#   - DIR/python: a fresh virtual environment with the Python binding's test dependencies
#     (bindings/python/ci.sh --deps-only; the package itself is built later, by pip);
#   - DIR/schemathesis: schemathesis for cds-service/ci/api-fuzz.sh;
#   - DIR/textstat: textstat for scripts/readability.py;
#   - the Rust toolchains of the manifests' `rust-version`s (minimal profile), for .ci/msrv.sh.
# Usage: .ci/prepare.sh DIR
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:?a directory for the virtual environments}"
start=$SECONDS
note() { echo "-- prepare: $1 (t+$((SECONDS - start))s)"; }

missing=""
[ -x /usr/bin/chromium ] || missing=" chromium"
command -v npm >/dev/null || missing="$missing nodejs npm"
command -v valgrind >/dev/null || missing="$missing valgrind"
command -v java >/dev/null || missing="$missing default-jre-headless"
if [ -n "$missing" ]; then
  note "apt-get install$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq $missing >/dev/null
fi

note "Python binding's test dependencies"
bash bindings/python/ci.sh --deps-only "$dir/python"
note "schemathesis"
bash cds-service/ci/api-fuzz.sh --deps-only "$dir/schemathesis"
note "textstat"
python3 -m venv "$dir/textstat"
"$dir/textstat/bin/pip" install --quiet --disable-pip-version-check textstat==0.7.3
versions=$(sed -n 's/^rust-version = "\(.*\)"$/\1/p' Cargo.toml fhir/Cargo.toml \
  bindings/python/Cargo.toml cds-service/Cargo.toml | sort -u)
note "rustup toolchain install $(echo $versions)"
# shellcheck disable=SC2086
rustup toolchain install --profile minimal --no-self-update $versions >/dev/null
note "done"
