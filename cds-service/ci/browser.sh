#!/usr/bin/env bash
# The browser tests (cds-service/browser-tests/): Debian's chromium, installed with apt when
# missing, driven by playwright-core (pinned in package-lock.json; it downloads no browser).
#
# Usage: cds-service/ci/browser.sh [--screenshots DIR]
#   --screenshots DIR  also write ui-patient.png, ui-clinician.png, ui-coder.png there
#                      (cds-service/ci/browser.sh --screenshots docs refreshes the README's)
# Needs: the built service (cargo build -p edx-coverage-cds; CARGO_TARGET_DIR is honoured).
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
shots=""
if [ "${1:-}" = "--screenshots" ]; then shots="$(cd "${2:?a directory}" && pwd)"; fi

missing=""
[ -x /usr/bin/chromium ] || missing="chromium"
command -v npm >/dev/null || missing="$missing nodejs npm"
if [ -n "$missing" ]; then
  echo "installing from Debian:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq $missing >/dev/null
fi
/usr/bin/chromium --version

target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
bin="$target/debug/edx-coverage-cds"
[ -x "$bin" ] || cargo build --quiet -p edx-coverage-cds

cd cds-service/browser-tests
# playwright-core never downloads a browser on install; say so anyway.
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
EDX_CDS_BIN="$bin" CHROMIUM=/usr/bin/chromium SCREENSHOT_DIR="$shots" \
  node --test --test-concurrency=1 --test-reporter=spec
