#!/usr/bin/env bash
# How fast each limit answers: hostile inputs at and past every bound, timed with hyperfine.
#
#   bash benches/limits.sh        # RUNS=10 by default
#
# Each input must be refused (or read) with a clear finding well under a second: a YAML
# alias bomb, nesting 100 000 levels deep (YAML and JSON), a chain of 20 000 `$ref`s, a
# `$ref` cycle, a schema reached 2^60 ways through `$ref` fan-out, a file over
# `max-spec-size`, and a 2000-endpoint spec minified onto one line of JSON. The script prints
# each one's first finding and its time, and fails when an input takes a second or more.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
RUNS=${RUNS:-10}
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
cargo build --release --quiet --bin mdbook-integration-spec --example spec_gen
ours=$root/target/release/mdbook-integration-spec
work=$root/benches/work/limits
rm -rf "$work"
mkdir -p "$work"

python3 - "$work" "$root/target/release/examples/spec_gen" <<'PY'
import json, subprocess, sys
work, spec_gen = sys.argv[1], sys.argv[2]
head = 'integration-spec: "1.0"\ninfo: {title: T, version: 1.0.0}\n'
lines = ['x-a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
lines += [f"x-a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]" for i in range(1, 9)]
open(f"{work}/aliases.yaml", "w").write(head + "\n".join(lines) + "\n")
open(f"{work}/deep.yaml", "w").write(head + "x-deep: " + "[" * 100000 + "]" * 100000 + "\n")
open(f"{work}/deep.json", "w").write('{"integration-spec": "1.0", "x-deep": ' + "[" * 100000 + "]" * 100000 + "}")
def document(schemas, root_ref):
    return {"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
            "paths": {"/x": {"get": {"operationId": "x", "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"$ref": root_ref}}}}}}}},
            "components": {"schemas": schemas}}
n = 20000
chain = {f"S{i}": {"$ref": f"#/components/schemas/S{i+1}"} for i in range(n)}
chain[f"S{n}"] = {"type": "string"}
json.dump(document(chain, "#/components/schemas/S0"), open(f"{work}/ref-chain.json", "w"))
json.dump(document({"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}},
                   "#/components/schemas/A"), open(f"{work}/ref-cycle.json", "w"))
fan = {}
for i in range(60):
    ref = {"$ref": f"#/components/schemas/F{i+1}"}
    fan[f"F{i}"] = {"type": "object", "properties": {"a": ref, "b": ref, "c": {"type": "array", "items": ref}}}
fan["F60"] = {"type": "object", "properties": {"v": {"type": "string"}}}
json.dump(document(fan, "#/components/schemas/F0"), open(f"{work}/ref-fan-out.json", "w"))
open(f"{work}/too-big.yaml", "w").write(head + "x-pad: |\n" + ("  " + "x" * 1000 + "\n") * 17000)
import yaml
spec = yaml.safe_load(subprocess.run([spec_gen, "2000", "Minified"], capture_output=True, check=True).stdout)
open(f"{work}/minified.json", "w").write(json.dumps(spec, separators=(",", ":"), default=str))
PY

inputs=(aliases.yaml deep.yaml deep.json ref-chain.json ref-cycle.json ref-fan-out.json too-big.yaml minified.json)
args=()
for input in "${inputs[@]}"; do
  echo "== $input: $("$ours" check --format short "$work/$input" 2>&1 | head -n 1 | cut -c1-160)"
  args+=(-n "$input" "$ours check --format short $work/$input")
done
hyperfine --warmup 2 --runs "$RUNS" --shell=none --style basic -i \
  --export-markdown "$work/limits.md" --export-csv "$work/limits.csv" "${args[@]}"
slow=$(awk -F, 'NR > 1 && $4 >= 1.0 { print $1 }' "$work/limits.csv")
if [ -n "$slow" ]; then
  echo "MISSED: a second or more for: $slow" >&2
  exit 1
fi
echo "every limit answered in under a second: $work/limits.md"
