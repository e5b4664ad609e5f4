#!/usr/bin/env bash
# The README's test command: every notebook's tests (nbdev-test with the arguments given, e.g. --flags slow),
# then how many tests skipped and why. Under CI (FI_LORA_CI=1) a test whose needs CI has (the shared data,
# Ray, duckdb) fails instead of skipping; a skip for what CI lacks (Chromium) is counted and printed.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
export FI_LORA_SKIP_LOG=$log
cache=$(mktemp -d)      # the tests' score cache: never the user's (~/.cache/fi_lora), and empty at the start
export FI_LORA_CACHE=$cache
nbdev-test "$@"
rc=$?
python -c "import sys; from fi_lora.testing import skip_summary; n, t = skip_summary(sys.argv[1]); print(t or 'no test skipped')" "$log"
rm -rf "$log" "$cache"
exit $rc
