#!/usr/bin/env bash
# Variance reduction of --sampling sobol and lhs against random (docs/performance.md, "Quasi-random inputs").
# Runs `exportflow run SCENARIO --sampling M --seed s --trials N --format json` for R seeds per method and trial
# count, and prints, per N: the mean of leaked over the seeds, its variance across seeds, and
# var(random) / var(method) (with an F-test 90% interval, R − 1 degrees of freedom on each side).
# Usage: scripts/sampling-variance.sh [SCENARIO] [R] [N...]   (defaults: scenarios/baseline-2024.yaml 20 4096 16384)
# Environment: THREADS (default 2). Output: a Markdown table on stdout; raw means in $OUT (default /tmp/exportflow-sampling).
set -euo pipefail
cd "$(dirname "$0")/.."
scenario="${1:-scenarios/baseline-2024.yaml}"
reps="${2:-20}"
if [ "$#" -gt 2 ]; then sizes=("${@:3}"); else sizes=(4096 16384); fi
threads="${THREADS:-2}"
out="${OUT:-/tmp/exportflow-sampling}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$out"
dotnet build Simulation/Simulation.csproj -c Release -o "$out/bin" >/dev/null
for n in "${sizes[@]}"; do
  for method in random sobol lhs; do
    file="$out/$method-$n.txt"
    : > "$file"
    for ((s = 1; s <= reps; s++)); do
      "$out/bin/exportflow" run "$scenario" --sampling "$method" --seed "$s" --trials "$n" --threads "$threads" --quiet --format json \
        | python3 -c 'import json, sys; d = json.load(sys.stdin); print(repr(d["leaked"]["mean"]), repr(d["leaked"]["standardError"]))' >> "$file"
    done
  done
done
python3 - "$out" "$reps" "${sizes[@]}" <<'PY'
import random, statistics, sys
from math import sqrt
out, reps, sizes = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
# 5% and 95% points of F(R − 1, R − 1), by simulation (200,000 ratios of chi-squares; about 1% accurate).
rng = random.Random(1)
k = (reps - 1) / 2
ratios = sorted(rng.gammavariate(k, 2) / rng.gammavariate(k, 2) for _ in range(200_000))
f05, f95 = ratios[10_000], ratios[190_000]
print("| trials N | method | mean of leaked over seeds | sd across seeds | mean reported SE | var(random)/var(method) | 90% interval |")
print("|---|---|---|---|---|---|---|")
for n in sizes:
    rows = {}
    for m in ("random", "sobol", "lhs"):
        vals = [tuple(map(float, line.split())) for line in open(f"{out}/{m}-{n}.txt")]
        means = [v[0] for v in vals]
        rows[m] = (statistics.fmean(means), statistics.variance(means), statistics.fmean(v[1] for v in vals))
    for m, (mean, var, se) in rows.items():
        ratio = rows["random"][1] / var
        interval = f"{ratio / f95:.2f}–{ratio / f05:.2f}" if m != "random" else ""
        print(f"| {int(n):,} | {m} | {mean:,.0f} | {sqrt(var):,.0f} | {se:,.0f} | {ratio:.2f} | {interval} |")
PY
