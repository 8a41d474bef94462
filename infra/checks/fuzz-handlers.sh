#!/usr/bin/env bash
# Coverage-guided fuzzing of every handler (Jazzer, in process, over the local AWS account): each fuzz test of
# HandlersFuzzIT for its maxExecutions (100,000) or 5 minutes, one at a time as Jazzer requires. A finding is written
# to functions/src/test/resources/io/userlink/fuzz/HandlersFuzzITInputs/<test>/, which ./mvnw verify replays; with
# --keep-new-inputs the run's new corpus inputs are copied there too (every input kept costs each verify its replay).
# Usage (from the project root): infra/checks/fuzz-handlers.sh [--keep-new-inputs] [test ...]
#   (default: every fuzz test of HandlersFuzzIT)
set -euo pipefail
source_file=functions/src/test/java/io/userlink/fuzz/HandlersFuzzIT.java
keep_new_inputs=false
if [ "${1:-}" = "--keep-new-inputs" ]; then
  keep_new_inputs=true
  shift
fi
tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
  # Read from the class, so that a route's new fuzz test is fuzzed without a second list to keep.
  mapfile -t tests < <(sed -n 's/^ *void \([A-Za-z]*\)(FuzzedDataProvider data).*/\1/p' "$source_file")
fi
./mvnw -q -B install -DskipTests >/dev/null
corpus=functions/.cifuzz-corpus/io.userlink.fuzz.HandlersFuzzIT
inputs=functions/src/test/resources/io/userlink/fuzz/HandlersFuzzITInputs
log=$(mktemp)
printf '| handler test | executions | seconds | exec/s | edges covered | corpus inputs kept |\n|---|---|---|---|---|---|\n'
for test in "${tests[@]}"; do
  status=0
  JAZZER_FUZZ=1 ./mvnw -B -pl functions verify -Dit.test="HandlersFuzzIT#$test" -Dtest=NONE \
    -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1 || status=$?
  if [ "$status" != 0 ]; then
    echo "fuzzing $test failed (exit $status); its finding is in $inputs/$test:" >&2
    grep -E 'FuzzTestFinding|AssertionError|answered' "$log" | head -5 >&2 || true
    exit 1
  fi
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
  runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  seconds=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$log" | tail -1)
  coverage=$(sed -n 's/.* cov: \([0-9]*\) .*/\1/p' <<<"$done_line")
  mkdir -p "$inputs/$test"
  if [ "$keep_new_inputs" = true ]; then
    cp -n "$corpus/$test"/* "$inputs/$test/" 2>/dev/null || true
  fi
  rate=$(( ${runs:-0} / (${seconds:-0} > 0 ? ${seconds:-0} : 1) ))
  printf '| %s | %s | %s | %s | %s | %s |\n' "$test" "${runs:-?}" "${seconds:-?}" "$rate" "${coverage:-?}" \
    "$(find "$inputs/$test" -type f | wc -l)"
done
rm -f "$log"
