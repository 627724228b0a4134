#!/usr/bin/env bash
# `npm run bench`: the benchmarks of DESIGN.md §6 on this machine, against the real
# services, in a run isolated like a test run. Prints a Markdown report (results go in
# docs/benchmarks.md). Never part of `npm test`: timings are measured, never asserted.
#
# Cases, in this order: coverage (the coverage index on a synthetic province; no service
# needed, ~10 s), pipeline (MQTT → ingest → JetStream → registry → Socket.IO, with the
# services), web (the web app in Chromium with 5,000 devices and 200 changes/s, ~2 min) and
# realtime-flood (issue 13's live-view floods against realtime's limits, ~30 s) and copies
# (every app twice, one copy of each killed midway: takeover, nothing lost or applied twice,
# ~2 min). Default: all. One or some only, by name (space- or comma-separated):
#   npm run bench -- coverage          bash deploy/local/bench.sh coverage
#   BENCH_CASES=pipeline npm run bench
# Arguments win over BENCH_CASES. Each case's own options are its BENCH_* variables.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IOC_ROOT"

ALL_CASES=(coverage pipeline web realtime-flood copies)
declare -A wanted=()
requested="${*:-${BENCH_CASES:-${ALL_CASES[*]}}}"
read -ra names <<<"${requested//,/ }"
for name in "${names[@]}"; do
  case " ${ALL_CASES[*]} all " in
    *" $name "*) ;;
    *) ioc_die "unknown bench case '$name' (cases: ${ALL_CASES[*]}, or all)" ;;
  esac
  if [[ $name == all ]]; then
    for c in "${ALL_CASES[@]}"; do wanted[$c]=1; done
  else
    wanted[$name]=1
  fi
done
((${#wanted[@]} > 0)) || ioc_die "no bench case named (cases: ${ALL_CASES[*]})"

bash deploy/local/node-modules.sh
if [[ -n ${wanted[pipeline]:-}${wanted[web]:-}${wanted[realtime-flood]:-}${wanted[copies]:-} ]]; then bash deploy/local/services.sh >/dev/null; fi
if [[ -n ${wanted[web]:-} && ! -x ${CHROMIUM_PATH:-/usr/bin/chromium} ]]; then apt_install chromium; fi
node tools/build.mjs >/dev/null
if [[ -n ${wanted[coverage]:-} ]]; then node --enable-source-maps dist/tools/bench/coverage.bench.js; fi
if [[ -n ${wanted[pipeline]:-} ]]; then node --enable-source-maps dist/tools/bench/pipeline.bench.js; fi
if [[ -n ${wanted[web]:-} ]]; then node --enable-source-maps dist/tools/bench/web.bench.js; fi
if [[ -n ${wanted[realtime-flood]:-} ]]; then node --enable-source-maps dist/tools/bench/realtime-flood.bench.js; fi
if [[ -n ${wanted[copies]:-} ]]; then node --enable-source-maps dist/tools/bench/copies.bench.js; fi
