#!/usr/bin/env bash
# OpenAPI benchmarks with hyperfine and /usr/bin/time: ours against widdershins 4.0.1 on real
# documents. Not part of the tests or CI (it downloads from npm).
#
#   bash benches/openapi.sh        # RUNS=5 WARMUP=1 by default
#
# Documents: GitHub's REST description (@octokit/openapi, generated/api.github.com.json,
# 13 MB, ~1,000 operations) and @readme/oas-examples' star-trek.json (0.5 MB). Measured:
#   - `mdbook-integration-spec check --format short FILE`;
#   - the render path: load, check and render the whole document. GitHub's document has
#     findings (errors in its examples), so `render` would refuse to print; the render_any
#     example (benches/support/render_any.rs) does the same work and prints the markdown anyway;
#   - `widdershins FILE -o /dev/null`, its markdown output discarded.
# Times are hyperfine's medians; peak memory is /usr/bin/time's maximum resident set size of
# one run. The npm packages are installed once into target/bench-npm, at pinned versions.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
OCTOKIT_OPENAPI=23.0.2
OAS_EXAMPLES=8.2.2
WIDDERSHINS=4.0.1

npm_dir=$root/target/bench-npm
if [ ! -f "$npm_dir/.installed-$OCTOKIT_OPENAPI-$OAS_EXAMPLES-$WIDDERSHINS" ]; then
  echo "== installing npm packages into $npm_dir" >&2
  mkdir -p "$npm_dir"
  npm install --prefix "$npm_dir" --save-exact --no-audit --no-fund --loglevel=error \
    "@octokit/openapi@$OCTOKIT_OPENAPI" "@readme/oas-examples@$OAS_EXAMPLES" "widdershins@$WIDDERSHINS" >&2
  touch "$npm_dir/.installed-$OCTOKIT_OPENAPI-$OAS_EXAMPLES-$WIDDERSHINS"
fi
github=$npm_dir/node_modules/@octokit/openapi/generated/api.github.com.json
star_trek=$npm_dir/node_modules/@readme/oas-examples/3.0/json/star-trek.json
widdershins=$npm_dir/node_modules/.bin/widdershins

echo "== building release binaries" >&2
cargo build --release --quiet --bin mdbook-integration-spec --example render_any
ours=$root/target/release/mdbook-integration-spec
render_any=$root/target/release/examples/render_any

work=$root/benches/work/openapi
rm -rf "$work"
mkdir -p "$work"

# One checked run of each: widdershins must succeed, and our render must produce markdown.
for doc in "$github" "$star_trek"; do
  name=$(basename "$doc" .json)
  "$render_any" "$doc" >"$work/$name.ours.md" 2>/dev/null
  "$widdershins" "$doc" -o "$work/$name.widdershins.md" >/dev/null 2>&1
  printf '%s: ours %s bytes of markdown, widdershins %s\n' "$name" \
    "$(wc -c <"$work/$name.ours.md")" "$(wc -c <"$work/$name.widdershins.md")" >&2
done

# `check` exits 1 on a document with findings: hyperfine must not take that for a failure.
bench() { # NAME DOC
  local name=$1 doc=$2
  echo "== hyperfine: $name" >&2
  hyperfine --warmup "$WARMUP" --runs "$RUNS" --shell=none --style basic -i \
    --export-markdown "$work/$name.md" --export-csv "$work/$name.csv" \
    -n "ours: check" "$ours check --format short $doc" \
    -n "ours: render" "$render_any $doc" \
    -n "widdershins" "$widdershins $doc -o /dev/null"
}
bench github "$github"
bench star-trek "$star_trek"

median() { awk -F, -v name="$2" 'NR > 1 && $1 == name { print $4 }' "$1"; }
# peak_mib COMMAND...: maximum resident set size of one run, in MiB.
peak_mib() {
  /usr/bin/time -f '%M' -o "$work/time.out" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$work/time.out" | awk '{ printf "%.0f", $1 / 1024 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
verdict() { awk -v v="$1" -v l="$2" 'BEGIN { print (v <= l) ? "met" : "MISSED" }'; }

echo
echo "Summary: medians of $RUNS runs after $WARMUP warm-up(s); $(nproc) cores; node $(node --version); widdershins $WIDDERSHINS"
echo
printf '| Document | ours: check | ours: render | widdershins | render / widdershins (time, memory) |\n|---|---|---|---|---|\n'
for doc in "$github" "$star_trek"; do
  name=$(basename "$doc" .json)
  csv=$work/$([ "$doc" = "$github" ] && echo github || echo star-trek).csv
  check_s=$(median "$csv" "ours: check")
  render_s=$(median "$csv" "ours: render")
  widd_s=$(median "$csv" "widdershins")
  check_m=$(peak_mib "$ours" check --format short "$doc")
  render_m=$(peak_mib "$render_any" "$doc")
  widd_m=$(peak_mib "$widdershins" "$doc" -o /dev/null)
  printf '| %s (%s KB) | %.3f s, %s MiB | %.3f s, %s MiB | %.3f s, %s MiB | %sx, %sx |\n' \
    "$name" "$(($(wc -c <"$doc") / 1000))" "$check_s" "$check_m" "$render_s" "$render_m" \
    "$widd_s" "$widd_m" "$(ratio "$render_s" "$widd_s")" "$(ratio "$render_m" "$widd_m")"
  if [ "$doc" = "$github" ]; then
    gh_render_s=$render_s gh_render_m=$render_m gh_widd_s=$widd_s gh_widd_m=$widd_m
  fi
done
echo
echo "Targets on GitHub's document (render):"
echo "- within 0.5 s: $(verdict "$gh_render_s" 0.5)"
echo "- within 250 MiB: $(verdict "$gh_render_m" 250)"
echo "- at most 1/20 of widdershins' time: $(verdict "$(ratio "$gh_render_s" "$gh_widd_s")" 0.05)"
echo "- at most 1/5 of widdershins' peak memory: $(verdict "$(ratio "$gh_render_m" "$gh_widd_m")" 0.2)"
echo
echo "hyperfine tables: $work/{github,star-trek}.md"
