#!/usr/bin/env bash
# `npm run bench`: the benchmarks of DESIGN.md §6 on this machine, against the real
# services, in a run isolated like a test run. Prints a Markdown report (results go in
# docs/benchmarks.md). Never part of `npm test`: timings are measured, never asserted.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IOC_ROOT"
bash deploy/local/node-modules.sh
bash deploy/local/services.sh >/dev/null
node tools/build.mjs >/dev/null
node --enable-source-maps dist/tools/bench/pipeline.bench.js
