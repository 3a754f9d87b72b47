#!/usr/bin/env bash
# Runs the fuzz targets with cargo-fuzz (libFuzzer) on the nightly toolchain, one after
# another, each for SECONDS (600 by default), and prints what each reached.
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]
#
# Every target starts from its corpus in fuzz/corpus/<target>/ (the pipeline target also
# reads the load corpus) with the dictionary of the format's keys, and adds what it finds
# there. An input that panics, runs over 1 s or takes over 2 GiB is a crash: libFuzzer
# stops, and the input is in fuzz/artifacts/<target>/. Logs go to fuzz/logs/. Leak
# detection is off: a big OpenAPI document's translated tree is freed on a thread of its
# own, which outlives the input by design, and LeakSanitizer reports that thread's
# thread-local registration; Rust's ownership rules out the leaks it looks for.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/fuzz"
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(directives load pipeline shorthand flow_steps diff)
fi
if ! command -v cargo-fuzz >/dev/null; then
  cargo install cargo-fuzz --locked --version 0.13.2
fi
mkdir -p logs
for target in "${targets[@]}"; do
  base=${FUZZ_CORPUS:-corpus}
  corpora=("$base/$target")
  if [ "$target" = pipeline ]; then
    corpora+=("$base/load")
  fi
  echo "== $target: ${seconds}s" >&2
  cargo +nightly fuzz run "$target" "${corpora[@]}" -- \
    -max_total_time="$seconds" -dict=spec.dict -timeout=1 -rss_limit_mb=2048 -detect_leaks=0 \
    -max_len=65536 -print_final_stats=1 >"logs/$target.log" 2>&1 || {
    tail -n 40 "logs/$target.log" >&2
    echo "== $target: crashed; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  }
  # The last status line (executions, coverage, corpus) and the totals.
  grep -E '^#[0-9]+' "logs/$target.log" | tail -n 1
  grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb' "logs/$target.log"
done
