#!/usr/bin/env bash
# The model's gain from each enrichment block: micro-F1 with `--features metadata` against
# metadata+audio, metadata+tags and all, on the public library snapshots. In the snapshots the
# audio features stand in for ReccoBeats' and the genres (plus record label) for the tags.
# Usage: bench/enrich/run.sh [snapshot ...]   (env: DATA, SCENARIO, BUDGETS, SEEDS, FIRST_SEED, JOBS)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${DATA:-../shared/data}
BUDGETS=${BUDGETS:-50,100,200}
SCENARIO=${SCENARIO:-all}
SEEDS=${SEEDS:-2}
FIRST_SEED=${FIRST_SEED:-1}
JOBS=${JOBS:-2}
OUT=bench/enrich/results
mkdir -p "$OUT"
snapshots=("$@")
[ ${#snapshots[@]} -gt 0 ] || snapshots=(seven-playlists eargasm)

run() {
  local snapshot=$1 features=$2
  npx tsx src/cli/evaluate.ts --snapshot "$DATA/$snapshot.json.gz" --scenario "$SCENARIO" \
    --budgets "$BUDGETS" --seeds "$SEEDS" --first-seed "$FIRST_SEED" --features "$features" --json >"$OUT/$snapshot.$features.json"
  echo "done $snapshot $features" >&2
}
export -f run
export DATA BUDGETS SEEDS FIRST_SEED OUT SCENARIO

for snapshot in "${snapshots[@]}"; do
  for features in metadata metadata+audio metadata+tags all; do echo "$snapshot $features"; done
done | xargs -P "$JOBS" -L 1 bash -c 'run "$0" "$1"'

npx tsx bench/enrich/summarize.ts "$OUT" >bench/enrich/RESULTS.md
cat bench/enrich/RESULTS.md
