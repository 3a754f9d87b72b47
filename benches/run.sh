#!/usr/bin/env bash
# End-to-end benchmarks with hyperfine: what the preprocessor costs an `mdbook build`.
#
#   bash benches/run.sh            # RUNS=10 WARMUP=2 by default; (a) runs 3 x RUNS times
#
# (a) a 200-chapter book without directives: no preprocessor, ours, and a do-nothing
#     pass-through preprocessor (examples/passthrough.rs), the floor for any external one;
# (b) the same book with 100 directives (4 specs of 10-20 endpoints), built with ours, versus
#     the same book with the generated markdown pasted into the chapters, built with the
#     pass-through: the cost of loading and rendering specs at build time;
# (c) `mdbook-integration-spec render` of a 2000- and an 8000-endpoint spec: absolute time and
#     linearity of load+check+render on one big file;
# (d) as (b), but each of the 100 directives reads a spec of its own (half of 6 endpoints,
#     about 9 KB, half of 2, about 7 KB, the smallest the generator writes): the cost of each
#     spec, which (b) hides by reusing four.
#
# (a) and (d) are also measured alternating the two builds round by round, which cancels the
# shared machine's drift between hyperfine's blocks; their verdicts use that ratio, and the
# summary shows both.
#
# Books, specs and hyperfine's markdown tables land in benches/work/ (gitignored); the built
# HTML goes to a temporary directory on /dev/shm (or $BENCH_OUT), see below. The script fails
# only when a build fails; a missed target is printed as MISSED.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-2}
CHAPTERS=200       # in 20 parts of 10 (the part page and 9 sub-chapters)
DIRECTIVES=100     # every other chapter embeds one spec

bash .ci/setup bench
# shellcheck disable=SC1091
source .tools/env
export MDBOOK_LOG=warn # mdBook 0.5 logs every build step at info; keep the output to results

echo "== building release binaries" >&2
cargo build --release --quiet --bin mdbook-integration-spec --example passthrough --example spec_gen
ours=$root/target/release/mdbook-integration-spec
passthrough=$root/target/release/examples/passthrough
spec_gen=$root/target/release/examples/spec_gen

work=$root/benches/work
rm -rf "$work"
mkdir -p "$work"
# Built books go to tmpfs when there is one: on a virtual disk, writing 200 pages drifts by
# tens of milliseconds from build to build, more than the differences measured here.
if [ -z "${BENCH_OUT:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  out=$(mktemp -d /dev/shm/mdbook-integration-spec-bench.XXXXXX)
  trap 'rm -rf "$out"' EXIT
else
  out=${BENCH_OUT:-$work/out}
  mkdir -p "$out"
fi

# --- book generation ------------------------------------------------------------------------

# chapter N [SPEC]: a chapter of ordinary prose; with SPEC, an "API reference" section that
# embeds it. Chapters live in src/partPP/, specs in <book>/specs/.
chapter() {
  local n=$1 spec=${2:-}
  cat <<MD
# Chapter $n: Integrating system $n

This chapter describes how system $n exchanges data with the platform. It covers the
responsibilities of each side, the data that crosses the boundary and what happens when a
call fails. Read [the overview](../part01/ch001.md) first if you are new to the platform.

## Responsibilities

- The client owns retries and keeps an **idempotency key** per attempt.
- The platform validates every request and answers within the documented SLA.
- Both sides log the \`X-Request-Id\` header so that support can trace a call end to end.

## Data handling

Personal data is encrypted at rest and in transit. Records older than 90 days are archived;
see the retention table below for the exact periods per record type.

| Record type | Retention | Archive |
|-------------|-----------|---------|
| Request log | 30 days   | none    |
| Order       | 7 years   | cold    |
| Audit event | 1 year    | cold    |

\`\`\`json
{ "request_id": "req-$n", "status": "accepted" }
\`\`\`

> **Note:** chapter $n is generated for benchmarks; its wording is deliberately ordinary.
MD
  if [ -n "$spec" ]; then
    printf '\n## API reference\n\n<<#integration-spec ../../specs/%s.yaml>>\n' "$spec"
  fi
}

# write_src DIR WITH_DIRECTIVES [DISTINCT]: SUMMARY.md and all chapters; with DISTINCT, the
# directive of chapter N reads specs/system-N.yaml.
write_src() {
  local src=$1 with_directives=$2 distinct=${3:-} specs=(payments orders shipping accounts)
  mkdir -p "$src"
  {
    echo "# Summary"
    echo
    local n=1 part sub
    for part in $(seq 1 $((CHAPTERS / 10))); do
      for sub in $(seq 0 9); do
        local file
        file=$(printf 'part%02d/ch%03d.md' "$part" "$n")
        if [ "$sub" -eq 0 ]; then
          echo "- [Part $part: chapter $n]($file)"
        else
          echo "  - [Chapter $n]($file)"
        fi
        mkdir -p "$src/$(dirname "$file")"
        local spec=""
        if [ "$with_directives" = yes ] && [ $((n % (CHAPTERS / DIRECTIVES))) -eq 0 ]; then
          spec=${specs[$(((n / 2) % ${#specs[@]}))]}
          if [ -n "$distinct" ]; then
            spec=system-$n
          fi
        fi
        chapter "$n" "$spec" >"$src/$file"
        n=$((n + 1))
      done
    done
  } >"$src/SUMMARY.md"
}

# book_toml DIR PREPROCESSOR [EXTRA]: PREPROCESSOR is none, ours or passthrough.
book_toml() {
  local dir=$1 preprocessor=$2 extra=${3:-}
  {
    cat <<TOML
[book]
title = "Benchmark book"

[build]
create-missing = false
# The specs live in specs/, as in the example book; watching it keeps the build quiet.
extra-watch-dirs = ["specs"]

[output.html]

[output.html.search]
enable = false
TOML
    case $preprocessor in
      none) ;;
      ours) printf '\n[preprocessor.integration-spec]\ncommand = "%s"\n' "$ours" ;;
      passthrough) printf '\n[preprocessor.passthrough]\ncommand = "%s"\n' "$passthrough" ;;
      *) echo "unknown preprocessor $preprocessor" >&2; exit 2 ;;
    esac
    printf '%b' "$extra"
  } >"$dir/book.toml"
}

# paste BOOK PASTED: PASTED gets BOOK's chapters with every directive replaced by its
# output, harvested once through mdBook's markdown renderer.
paste() {
  local book=$1 pasted=$2
  mkdir -p "$work/harvest-$book" "$work/$pasted"
  cp -r "$work/$book/src" "$work/$book/specs" "$work/harvest-$book/"
  book_toml "$work/harvest-$book" ours '\n[output.markdown]\n'
  "$MDBOOK" build "$work/harvest-$book" >/dev/null
  cp -r "$work/$book/src" "$work/$pasted/src"
  (cd "$work/harvest-$book/book/markdown" && find . -name '*.md' ! -name SUMMARY.md -exec cp --parents {} "$work/$pasted/src/" \;)
  if grep -rq '<<#integration-spec' "$work/$pasted/src"; then
    echo "error: the harvested chapters of $book still contain directives" >&2
    exit 1
  fi
}

echo "== generating books and specs in $work" >&2
# (a) one source tree, three configurations.
for variant in none ours passthrough; do
  mkdir -p "$work/plain-$variant"
  book_toml "$work/plain-$variant" "$variant"
done
write_src "$work/plain-none/src" no
cp -r "$work/plain-none/src" "$work/plain-ours/src"
cp -r "$work/plain-none/src" "$work/plain-passthrough/src"

# (b) directives, and the same book with their output pasted in.
mkdir -p "$work/directives/specs"
"$spec_gen" 10 Payments >"$work/directives/specs/payments.yaml"
"$spec_gen" 14 Orders >"$work/directives/specs/orders.yaml"
"$spec_gen" 17 Shipping >"$work/directives/specs/shipping.yaml"
"$spec_gen" 20 Accounts >"$work/directives/specs/accounts.yaml"
write_src "$work/directives/src" yes
paste directives pasted
book_toml "$work/directives" ours
book_toml "$work/pasted" passthrough

# (d) a spec per directive, and the same book pasted.
mkdir -p "$work/distinct/specs"
for n in $(seq $((CHAPTERS / DIRECTIVES)) $((CHAPTERS / DIRECTIVES)) "$CHAPTERS"); do
  "$spec_gen" $((n % 4 < 2 ? 6 : 2)) "System $n" >"$work/distinct/specs/system-$n.yaml"
done
write_src "$work/distinct/src" yes distinct
paste distinct pasted-distinct
book_toml "$work/distinct" ours
book_toml "$work/pasted-distinct" passthrough

# (c) two big specs.
"$spec_gen" 2000 "Large Resources" >"$work/spec-2000.yaml"
"$spec_gen" 8000 "Large Resources" >"$work/spec-8000.yaml"

# One checked build of each, so a failure stops here with mdBook's message.
for book in plain-none plain-ours plain-passthrough directives pasted distinct pasted-distinct; do
  "$MDBOOK" build "$work/$book" -d "$out/$book" >/dev/null
done
# (b) compares like with like only if both books come out the same.
if ! diff -rq "$out/directives" "$out/pasted" >/dev/null; then
  echo "WARNING: the pasted book's HTML differs from the directive book's; (b) compares different books" >&2
fi
"$ours" render "$work/spec-2000.yaml" >"$work/spec-2000.md"
"$ours" render "$work/spec-8000.yaml" >"$work/spec-8000.md"

# --- measurements ---------------------------------------------------------------------------

bench() { # NAME RUNS then hyperfine arguments
  local name=$1 runs=$2
  shift 2
  echo "== hyperfine: $name" >&2
  hyperfine --warmup "$WARMUP" --runs "$runs" --shell=none --style basic \
    --export-markdown "$work/$name.md" --export-csv "$work/$name.csv" "$@"
}

# (a) is cheap and its target tight (2 %): three times the runs.
bench a-no-directives $((3 * RUNS)) \
  -n "no preprocessor" "$MDBOOK build $work/plain-none -d $out/plain-none" \
  -n "passthrough" "$MDBOOK build $work/plain-passthrough -d $out/plain-passthrough" \
  -n "integration-spec" "$MDBOOK build $work/plain-ours -d $out/plain-ours"
bench b-directives "$RUNS" \
  -n "pasted markdown + passthrough" "$MDBOOK build $work/pasted -d $out/pasted" \
  -n "100 directives + integration-spec" "$MDBOOK build $work/directives -d $out/directives"
bench d-distinct "$RUNS" \
  -n "pasted markdown + passthrough" "$MDBOOK build $work/pasted-distinct -d $out/pasted-distinct" \
  -n "100 specs + integration-spec" "$MDBOOK build $work/distinct -d $out/distinct"
bench c-render "$RUNS" \
  -n "render 2000 endpoints" "$ours render $work/spec-2000.yaml" \
  -n "render 8000 endpoints" "$ours render $work/spec-8000.yaml"

# The ratios of (a) and (d) are tight, and hyperfine runs one command's builds in a block: a
# shared machine's drift between blocks moves a ratio by more than its margin. Alternating
# the two builds, one of each per round in turns, cancels the drift.
alternate() { # NAME RUNS BASE OURS: prints the two medians in seconds
  local name=$1 runs=$2 base=$3 ours_cmd=$4 i start end
  echo "== alternating: $name" >&2
  : >"$work/$name-alternating.txt"
  for i in $(seq 1 $((runs + WARMUP))); do
    for which in base ours; do
      if [ $((i % 2)) -eq 0 ]; then which=$([ "$which" = base ] && echo ours || echo base); fi
      local cmd=$base
      [ "$which" = ours ] && cmd=$ours_cmd
      start=$(date +%s%N)
      $cmd >/dev/null 2>&1
      end=$(date +%s%N)
      if [ "$i" -gt "$WARMUP" ]; then echo "$which $(((end - start) / 1000))" >>"$work/$name-alternating.txt"; fi
    done
  done
  for which in base ours; do
    awk -v w="$which" '$1 == w { print $2 }' "$work/$name-alternating.txt" | sort -n |
      awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.6f ", m / 1e6 }'
  done
}
read -r a_alt_pass a_alt_ours <<<"$(alternate a-no-directives $((3 * RUNS)) \
  "$MDBOOK build $work/plain-passthrough -d $out/plain-passthrough" \
  "$MDBOOK build $work/plain-ours -d $out/plain-ours")"
read -r d_alt_pasted d_alt_ours <<<"$(alternate d-distinct $((2 * RUNS)) \
  "$MDBOOK build $work/pasted-distinct -d $out/pasted-distinct" \
  "$MDBOOK build $work/distinct -d $out/distinct")"

# --- summary --------------------------------------------------------------------------------

# Medians, not means: a shared 2-core machine has bursts that a mean takes in.
median() { # CSV NAME: median seconds of that command
  awk -F, -v name="$2" 'NR > 1 && $1 == name { print $4 }' "$1"
}
# verdict VALUE OP LIMIT: MET or MISSED
verdict() {
  awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = (op == "<=") ? v <= l : v >= l; print ok ? "met" : "MISSED" }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

a_none=$(median "$work/a-no-directives.csv" "no preprocessor")
a_pass=$(median "$work/a-no-directives.csv" "passthrough")
a_ours=$(median "$work/a-no-directives.csv" "integration-spec")
b_pasted=$(median "$work/b-directives.csv" "pasted markdown + passthrough")
b_ours=$(median "$work/b-directives.csv" "100 directives + integration-spec")
d_pasted=$(median "$work/d-distinct.csv" "pasted markdown + passthrough")
d_ours=$(median "$work/d-distinct.csv" "100 specs + integration-spec")
c_2000=$(median "$work/c-render.csv" "render 2000 endpoints")
c_8000=$(median "$work/c-render.csv" "render 8000 endpoints")

ra=$(ratio "$a_ours" "$a_pass")
rb=$(ratio "$b_ours" "$b_pasted")
rd=$(ratio "$d_ours" "$d_pasted")
ra_alt=$(ratio "$a_alt_ours" "$a_alt_pass")
rd_alt=$(ratio "$d_alt_ours" "$d_alt_pasted")
rc=$(ratio "$c_8000" "$c_2000")
size() { awk -v b="$(wc -c <"$1")" 'BEGIN { printf "%.2f MB", b / 1e6 }'; }

echo
echo "Summary: medians; $(nproc) cores, mdBook $("$MDBOOK" --version | awk '{print $2}'), $RUNS runs ((a): $((3 * RUNS))) after $WARMUP warm-ups; alternating: $((3 * RUNS)) rounds for (a), $((2 * RUNS)) for (d)"
echo
printf '| Scenario | Measured | Target | Met? |\n|---|---|---|---|\n'
printf '| (a) %s chapters, no directives: ours / pass-through | alternating: %.3f s / %.3f s = %sx; in blocks: %.3f s / %.3f s = %sx (no preprocessor: %.3f s) | <= 1.02x | %s |\n' \
  "$CHAPTERS" "$a_alt_ours" "$a_alt_pass" "$ra_alt" "$a_ours" "$a_pass" "$ra" "$a_none" "$(verdict "$ra_alt" '<=' 1.02)"
printf '| (b) %s directives / pasted markdown + pass-through | %.3f s / %.3f s = %sx | <= 1.10x | %s |\n' \
  "$DIRECTIVES" "$b_ours" "$b_pasted" "$rb" "$(verdict "$rb" '<=' 1.10)"
printf '| (d) %s directives over %s different specs / pasted markdown + pass-through | alternating: %.3f s / %.3f s = %sx; in blocks: %.3f s / %.3f s = %sx | <= 1.10x | %s |\n' \
  "$DIRECTIVES" "$DIRECTIVES" "$d_alt_ours" "$d_alt_pasted" "$rd_alt" "$d_ours" "$d_pasted" "$rd" "$(verdict "$rd_alt" '<=' 1.10)"
printf '| (c) render 2000 endpoints (%s of YAML) | %.3f s | <= 0.25 s | %s |\n' \
  "$(size "$work/spec-2000.yaml")" "$c_2000" "$(verdict "$c_2000" '<=' 0.25)"
printf '| (c) render 8000 endpoints (%s of YAML) | %.3f s, 8000/2000 = %sx | ~4x (linear) | %s |\n' \
  "$(size "$work/spec-8000.yaml")" "$c_8000" "$rc" "$(verdict "$rc" '<=' 4.6)"
echo
echo "hyperfine tables: $work/{a-no-directives,b-directives,d-distinct,c-render}.md"
