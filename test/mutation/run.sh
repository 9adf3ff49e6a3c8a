#!/usr/bin/env bash
# npm run mutation [slice ...]: each slice in turn (default all), then the score table.
# Long (hours on 2 cores for a cold run; incremental re-runs take minutes); not part of CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
slices=("$@")
[ ${#slices[@]} -gt 0 ] || slices=(config model azure render routing graph emu)
for s in "${slices[@]}"; do
  echo "== mutation slice: $s"
  MUTATION_SLICE="$s" npx stryker run test/mutation/stryker.config.mjs
done
npx tsx test/mutation/score.ts
