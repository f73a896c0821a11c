#!/usr/bin/env bash
# Checks the minimum Rust versions the manifests declare (`rust-version`), each with that
# toolchain (installed by .ci/prepare.sh):
#   - the engine and the FHIR crate as a dependency: a scratch crate depends on both by path,
#     every feature of the engine on, its lockfile resolved for that version (Cargo's
#     `fallback` resolver picks the newest release of each crate that still supports it);
#   - the Python binding and the service as this repository builds them: the committed
#     Cargo.lock.
# Usage: .ci/msrv.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
declared() { sed -n 's/^rust-version = "\(.*\)"$/\1/p' "$1"; }
engine=$(declared Cargo.toml)
fhir=$(declared fhir/Cargo.toml)
if [ "$engine" != "$fhir" ]; then
  echo "the engine declares rust-version $engine and the FHIR crate $fhir; keep them equal" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "-- msrv: edx-coverage and edx-coverage-fhir as dependencies, Rust $engine"
mkdir -p "$work/probe/src"
cat >"$work/probe/Cargo.toml" <<TOML
[package]
name = "msrv-probe"
version = "0.0.0"
edition = "2021"
rust-version = "$engine"
publish = false

[dependencies]
edx-coverage = { path = "$root", features = ["json", "schema", "proptest"] }
edx-coverage-fhir = { path = "$root/fhir" }

[workspace]
TOML
printf 'pub use edx_coverage::evaluate;\npub use edx_coverage_fhir::cds_hooks;\n' \
  >"$work/probe/src/lib.rs"
(
  cd "$work/probe"
  CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback cargo generate-lockfile --quiet
  CARGO_TARGET_DIR="$work/target" cargo "+$engine" check --quiet
)

for member in bindings/python cds-service; do
  version=$(declared "$member/Cargo.toml")
  package=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$member/Cargo.toml" | head -n 1)
  echo "-- msrv: $package with the committed Cargo.lock, Rust $version"
  PYO3_PYTHON=python3 CARGO_TARGET_DIR="$work/target" cargo "+$version" check --quiet --locked -p "$package"
done
