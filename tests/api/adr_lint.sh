#!/usr/bin/env bash
# Lints the OpenAPI document with the official ADR ruleset (tools/spectral/adr-linter.yaml,
# the Logius NL API Design Rules linter, unchanged); fails on any error and prints the report.
# Usage: adr_lint.sh <overstap binary> <source root>
set -euo pipefail
bin=$1
root=$2
spectral="$root/tools/spectral/node_modules/.bin/spectral"
ruleset="$root/tools/spectral/adr-linter.yaml"
if [[ ! -x "$spectral" ]]; then
  echo "adr_lint: $spectral not found; run 'npm ci' in $root/tools/spectral" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
doc="$tmp/openapi.json"
"$bin" openapi > "$doc"

# Spectral exits 1 when a result reaches --fail-severity, 2 on its own failure.
status=0
"$spectral" lint -r "$ruleset" --fail-severity=error --format=stylish "$doc" || status=$?
if [[ $status -ne 0 ]]; then
  echo "adr_lint: the OpenAPI document breaks the API Design Rules (exit $status)" >&2
fi
exit $status
