#!/usr/bin/env bash
# Schemathesis (pinned, from PyPI, in a fresh virtual environment) against the live service's
# /openapi.json: a bounded number of generated requests per operation, and it must find no
# 500, no response outside the documented statuses, content types and schemas, and no crash.
#
# Usage: cds-service/ci/api-fuzz.sh [MAX_EXAMPLES]   (from anywhere; default 30)
#        cds-service/ci/api-fuzz.sh --deps-only DIR   only make DIR, a virtual environment with
#                                                     schemathesis (.ci/prepare.sh does this)
#        EDX_SCHEMATHESIS_VENV=DIR cds-service/ci/api-fuzz.sh [MAX_EXAMPLES]   use DIR
# Needs: the built service (cargo build -p edx-coverage-cds; CARGO_TARGET_DIR is honoured).
set -euo pipefail
cd "$(dirname "$0")/../.."
make_venv() {
  python3 -m venv "$1"
  "$1/bin/pip" install --quiet --disable-pip-version-check schemathesis==4.32.5
}
if [ "${1:-}" = "--deps-only" ]; then
  make_venv "${2:?a directory for the virtual environment}"
  exit 0
fi
max_examples="${1:-30}"
target="${CARGO_TARGET_DIR:-target}"
bin="$target/debug/edx-coverage-cds"
[ -x "$bin" ] || cargo build --quiet -p edx-coverage-cds
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

venv="${EDX_SCHEMATHESIS_VENV:-}"
if [ -z "$venv" ]; then
  venv="$work/venv"
  make_venv "$venv"
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
# Authentication off: the fuzzer has no tokens (the auth paths have their own tests).
"$bin" --listen "127.0.0.1:$port" --insecure-no-auth --log-level warn >"$work/service.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "$base/healthz" >/dev/null

# Every check but positive_data_acceptance: schemathesis's generator ignores the case
# schema's `dependentSchemas` (a study count only on an NCS code), so some of what it calls
# schema-valid is not, and the library rightly refuses it (422). Invalid data must be
# refused (negative_data_rejection), undocumented methods get 405 with a true Allow header.
# The hooks' bodies are CDS Hooks documents, described as any object: generated ones are
# refused, as they must be (4xx, never 5xx).
"$venv/bin/schemathesis" run "$base/openapi.json" \
  --checks all --exclude-checks positive_data_acceptance \
  --max-examples "$max_examples" \
  --seed 20261202 \
  --request-timeout 10 \
  --no-color \
  --suppress-health-check all | tail -n 40

if ! kill -0 "$server" 2>/dev/null; then
  echo "the service died during the run:" >&2
  cat "$work/service.log" >&2
  exit 1
fi
echo "schemathesis: no failure; the service is still up"
